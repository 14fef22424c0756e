using Google.Protobuf;

namespace Instr.Agent.Metrics;

/// <summary>
/// Encodes <c>instr.duration</c> as an OTLP ExportMetricsServiceRequest (opentelemetry-proto metrics v1): one
/// resource, the scope <c>instr</c>, one cumulative explicit-bucket histogram with a data point per timed method
/// (attribute <c>method</c>). Written field by field with protobuf's coded stream because the OpenTelemetry SDK only
/// builds histograms from one measurement per call, which the engine never makes; its buckets are already counted.
/// Field numbers are those of the OTLP specification.
/// </summary>
internal static class OtlpDurationEncoding
{
    public const string MetricName = "instr.duration";
    public const string Unit = "s";
    public const string Description = "Durations of the method's returned calls since it was patched (timing probe; each call within 1.6%)";

    private const int CumulativeTemporality = 2;

    /// <param name="resource">The resource attributes, as the SDK's export of the other instruments has them.</param>
    /// <param name="timed">Readings of timed methods (<see cref="MethodReading.Duration"/> set).</param>
    public static byte[] Request(IEnumerable<KeyValuePair<string, object>> resource, IReadOnlyList<MethodReading> timed, DateTimeOffset now, string scopeVersion)
    {
        var resourceMessage = Message(w =>
        {
            foreach (var (key, value) in resource)
            {
                w.Nested(1, KeyValue(key, value));
            }
        });
        var histogram = Message(w =>
        {
            foreach (var reading in timed)
            {
                w.Nested(1, DataPoint(reading, now));
            }

            w.Varint(2, CumulativeTemporality);
        });
        var metric = Message(w =>
        {
            w.Text(1, MetricName);
            w.Text(2, Description);
            w.Text(3, Unit);
            w.Nested(9, histogram);
        });
        var scope = Message(w =>
        {
            w.Text(1, InstrMeter.MeterName);
            w.Text(2, scopeVersion);
        });
        var scopeMetrics = Message(w =>
        {
            w.Nested(1, scope);
            w.Nested(2, metric);
        });
        var resourceMetrics = Message(w =>
        {
            w.Nested(1, resourceMessage);
            w.Nested(2, scopeMetrics);
        });
        return Message(w => w.Nested(1, resourceMetrics));
    }

    private static byte[] DataPoint(MethodReading reading, DateTimeOffset now)
    {
        var duration = reading.Duration!;
        return Message(w =>
        {
            w.Fixed64(2, UnixNanos(reading.PatchedAt));
            w.Fixed64(3, UnixNanos(now));
            w.Fixed64(4, (ulong)duration.Count);
            w.Double(5, duration.SumSeconds);
            w.PackedFixed64(6, duration.BucketCounts.Select(c => (ulong)c));
            w.PackedDouble(7, DurationBounds.Seconds);
            w.Nested(9, KeyValue(InstrMeter.MethodTag, reading.Name));
        });
    }

    private static byte[] KeyValue(string key, object value) =>
        Message(w =>
        {
            w.Text(1, key);
            w.Nested(2, Message(any =>
            {
                switch (value)
                {
                    case long or int:
                        any.Varint(3, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case double number:
                        any.Double(4, number);
                        break;
                    case bool flag:
                        any.Varint(2, flag ? 1 : 0);
                        break;
                    default:
                        any.Text(1, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                        break;
                }
            }));
        });

    private static ulong UnixNanos(DateTimeOffset time) => (ulong)(time.ToUnixTimeMilliseconds() * 1_000_000L);

    private static byte[] Message(Action<Writer> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer, leaveOpen: true);
        write(new Writer(output));
        output.Flush();
        return buffer.ToArray();
    }

    private readonly struct Writer(CodedOutputStream output)
    {
        public void Text(int field, string value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
        }

        public void Nested(int field, byte[] message)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(message));
        }

        public void Varint(int field, long value)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt64(value);
        }

        public void Fixed64(int field, ulong value)
        {
            output.WriteTag(field, WireFormat.WireType.Fixed64);
            output.WriteFixed64(value);
        }

        public void Double(int field, double value)
        {
            output.WriteTag(field, WireFormat.WireType.Fixed64);
            output.WriteDouble(value);
        }

        public void PackedFixed64(int field, IEnumerable<ulong> values)
        {
            var items = values.ToList();
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteLength(items.Count * 8);
            foreach (var item in items)
            {
                output.WriteFixed64(item);
            }
        }

        public void PackedDouble(int field, IReadOnlyList<double> values)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteLength(values.Count * 8);
            foreach (var value in values)
            {
                output.WriteDouble(value);
            }
        }
    }
}

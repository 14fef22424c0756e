using System.Text.Json;
using Instr.Protocol.V1;

namespace Instr.Shared.Json;

/// <summary>
/// One watch snapshot as the JSON object of product.md (`watch --json` line, INSTR_REPORT file):
/// <c>{time, pid, methods:[{name, calls, rate, status, probe, coverage, coverage_reason, notes, ...timing fields}],
/// meters:[{meter, instrument, tags, value}]}</c> (coverage_reason only when coverage is partial).
/// Shared by the agent (exit report) and the CLI so both write the same shape.
/// </summary>
internal static class WatchSnapshotJson
{
    public static string Serialize(WatchSnapshot snapshot) => CompactJson.Write(writer => Write(writer, snapshot));

    public static void Write(Utf8JsonWriter writer, WatchSnapshot snapshot)
    {
        writer.WriteStartObject();
        writer.WriteString("time", DateTimeOffset.FromUnixTimeMilliseconds(snapshot.TimeUnixMs).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteNumber("pid", snapshot.Pid);
        writer.WriteStartArray("methods");
        foreach (var method in snapshot.Methods)
        {
            WriteMethod(writer, method);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("meters");
        foreach (var meter in snapshot.Meters)
        {
            writer.WriteStartObject();
            writer.WriteString("meter", meter.Meter);
            writer.WriteString("instrument", meter.Instrument);
            writer.WriteStartObject("tags");
            foreach (var tag in meter.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                writer.WriteString(tag.Key, tag.Value);
            }

            writer.WriteEndObject();
            writer.WriteNumber("value", meter.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMethod(Utf8JsonWriter writer, MethodCounter method)
    {
        writer.WriteStartObject();
        writer.WriteString("name", method.Name);
        writer.WriteNumber("calls", method.Calls);
        writer.WriteNumber("rate", method.Rate);
        writer.WriteString("status", method.Status);
        writer.WriteString("probe", method.Probe switch
        {
            ProbeKind.Timing => "timing",
            ProbeKind.Count or ProbeKind.Unspecified => "count",
            var other => other.ToString().ToLowerInvariant(),
        });
        CoverageJson.Write(writer, method.Coverage, method.CoverageReason);
        writer.WriteStartArray("notes");
        foreach (var note in method.Notes)
        {
            writer.WriteStringValue(note);
        }

        writer.WriteEndArray();
        if (method.Probe == ProbeKind.Timing)
        {
            writer.WriteNumber("p50_us", method.P50Us);
            writer.WriteNumber("p99_us", method.P99Us);
            writer.WriteNumber("max_us", method.MaxUs);
            writer.WriteNumber("exceptions", method.Exceptions);
            writer.WriteNumber("window_p50_us", method.WindowP50Us);
            writer.WriteNumber("window_p99_us", method.WindowP99Us);
            writer.WriteNumber("window_max_us", method.WindowMaxUs);
            writer.WriteNumber("window_exceptions", method.WindowExceptions);
            if (method.Synchronous is { } part)
            {
                // Task/ValueTask methods: the durations above run to the task's completion; this is until it was returned.
                writer.WriteNumber("sync_p50_us", part.P50Us);
                writer.WriteNumber("sync_p99_us", part.P99Us);
                writer.WriteNumber("sync_max_us", part.MaxUs);
            }
        }

        writer.WriteEndObject();
    }
}

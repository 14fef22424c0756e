using System.Collections.Concurrent;
using System.Globalization;

namespace Instr.IntegrationTests.Metrics.Otlp;

/// <summary>What an <see cref="OtlpReceiver"/> got, readable from the test thread while exports keep coming.</summary>
internal sealed class OtlpPoints
{
    private readonly ConcurrentDictionary<(string Metric, string Method), double> _points = new();
    private readonly ConcurrentDictionary<(string Metric, string Method), ReceivedHistogram> _histograms = new();
    private readonly ConcurrentDictionary<string, bool> _protocols = new();
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _resourceByMetric = new();
    private readonly ConcurrentDictionary<string, string> _headerByMetric = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _sentWith = new();
    private IReadOnlyDictionary<string, string> _resource = new Dictionary<string, string>();
    private int _exports;

    public int Exports => Volatile.Read(ref _exports);

    /// <summary>Resource attributes of the latest export (service.name, process.pid, …).</summary>
    public IReadOnlyDictionary<string, string> ResourceAttributes => Volatile.Read(ref _resource);

    /// <summary>"grpc" and/or "http/protobuf": how exports arrived.</summary>
    public IReadOnlyCollection<string> Protocols => [.. _protocols.Keys];

    /// <summary>The latest value of the sum <paramref name="metric"/> for one method, or null if none arrived.</summary>
    public double? Value(string metric, string method) => _points.TryGetValue((metric, method), out var value) ? value : null;

    /// <summary>The latest point of the histogram <paramref name="metric"/> for one method, or null if none arrived.</summary>
    public ReceivedHistogram? Histogram(string metric, string method) => _histograms.TryGetValue((metric, method), out var histogram) ? histogram : null;

    /// <summary>Resource attributes of the latest export that carried <paramref name="metric"/>.</summary>
    public IReadOnlyDictionary<string, string>? ResourceOf(string metric) => _resourceByMetric.TryGetValue(metric, out var resource) ? resource : null;

    /// <summary>The <see cref="TestHeader"/> request header of the latest export that carried <paramref name="metric"/>.</summary>
    public string? HeaderOf(string metric) => _headerByMetric.TryGetValue(metric, out var value) ? value : null;

    /// <summary>Every metric that arrived in one export request together with <paramref name="metric"/>.</summary>
    public IReadOnlyCollection<string> SentWith(string metric) => _sentWith.TryGetValue(metric, out var others) ? [.. others.Keys] : [];

    public const string TestHeader = "x-instr-test";

    public void Add(ExportMetricsServiceRequest request, string protocol, string? testHeader = null)
    {
        _protocols[protocol] = true;
        var names = request.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics).Select(m => m.Name).ToList();
        foreach (var name in names)
        {
            _headerByMetric[name] = testHeader ?? "";
            var others = _sentWith.GetOrAdd(name, _ => new ConcurrentDictionary<string, bool>());
            foreach (var other in names.Where(n => n != name))
            {
                others[other] = true;
            }
        }

        foreach (var resource in request.ResourceMetrics)
        {
            var attributes = resource.Resource?.Attributes.ToDictionary(a => a.Key, a => Text(a.Value)) ?? new Dictionary<string, string>();
            Volatile.Write(ref _resource, attributes);
            foreach (var metric in resource.ScopeMetrics.SelectMany(s => s.Metrics))
            {
                _resourceByMetric[metric.Name] = attributes;
            }

            foreach (var metric in resource.ScopeMetrics.SelectMany(s => s.Metrics).Where(m => m.Histogram is not null))
            {
                foreach (var point in metric.Histogram.DataPoints)
                {
                    var method = point.Attributes.FirstOrDefault(a => a.Key == "method")?.Value.StringValue ?? "";
                    _histograms[(metric.Name, method)] = new ReceivedHistogram(
                        metric.Unit, metric.Histogram.AggregationTemporality, point.Count, point.Sum, [.. point.BucketCounts], [.. point.ExplicitBounds]);
                }
            }

            foreach (var metric in resource.ScopeMetrics.SelectMany(s => s.Metrics).Where(m => m.Sum is not null))
            {
                foreach (var point in metric.Sum.DataPoints)
                {
                    var method = point.Attributes.FirstOrDefault(a => a.Key == "method")?.Value.StringValue ?? "";
                    _points[(metric.Name, method)] = point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;
                }
            }
        }

        Interlocked.Increment(ref _exports);
    }

    private static string Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>One histogram data point as received: unit of its metric, temporality (2 = cumulative), count, sum,
/// bucket counts (one more than bounds) and explicit bounds.</summary>
internal sealed record ReceivedHistogram(string Unit, int Temporality, ulong Count, double Sum, IReadOnlyList<ulong> BucketCounts, IReadOnlyList<double> Bounds);

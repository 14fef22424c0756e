using System.Collections.Concurrent;
using System.Globalization;

namespace Instr.IntegrationTests.Metrics.Otlp;

/// <summary>What an <see cref="OtlpReceiver"/> got, readable from the test thread while exports keep coming.</summary>
internal sealed class OtlpPoints
{
    private readonly ConcurrentDictionary<(string Metric, string Method), double> _points = new();
    private readonly ConcurrentDictionary<string, bool> _protocols = new();
    private IReadOnlyDictionary<string, string> _resource = new Dictionary<string, string>();
    private int _exports;

    public int Exports => Volatile.Read(ref _exports);

    /// <summary>Resource attributes of the latest export (service.name, process.pid, …).</summary>
    public IReadOnlyDictionary<string, string> ResourceAttributes => Volatile.Read(ref _resource);

    /// <summary>"grpc" and/or "http/protobuf": how exports arrived.</summary>
    public IReadOnlyCollection<string> Protocols => [.. _protocols.Keys];

    /// <summary>The latest value of the sum <paramref name="metric"/> for one method, or null if none arrived.</summary>
    public double? Value(string metric, string method) => _points.TryGetValue((metric, method), out var value) ? value : null;

    public void Add(ExportMetricsServiceRequest request, string protocol)
    {
        _protocols[protocol] = true;
        foreach (var resource in request.ResourceMetrics)
        {
            Volatile.Write(ref _resource, resource.Resource?.Attributes.ToDictionary(a => a.Key, a => Text(a.Value)) ?? new Dictionary<string, string>());
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

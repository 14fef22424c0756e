using System.Diagnostics.Metrics;

namespace Instr.Agent.Metrics;

/// <summary>
/// The Meter `instr`, published in the app's own process so every standard listener sees it: dotnet-counters,
/// dotnet-monitor, the app's OpenTelemetry, and the agent's own OTLP exporter.
/// <c>instr.calls</c> is an observable counter (tag <c>method</c> = canonical name) read from the engine's exact
/// counters when a listener asks. <c>instr.exceptions</c> only has measurements for methods patched with the timing
/// probe. There is deliberately no <c>instr.duration</c> instrument here: a Meter histogram takes one
/// <c>Record</c> per call on the caller's thread, and System.Diagnostics.Metrics has no observable histogram to hand
/// a listener pre-aggregated buckets. The durations stay in the engine's thread-owned histograms; the Prometheus
/// endpoint and the OTLP export publish them as a real histogram (<see cref="DurationHistogram"/>).
/// </summary>
internal sealed class InstrMeter : IDisposable
{
    public const string MeterName = "instr";
    public const string CallsInstrument = "instr.calls";
    public const string ExceptionsInstrument = "instr.exceptions";
    public const string MethodTag = "method";

    private readonly Meter _meter;

    public InstrMeter(PatchedMethodReadings readings)
    {
        _meter = new Meter(MeterName, AgentVersion.Current);
        _meter.CreateObservableCounter(CallsInstrument, () => Calls(readings), unit: "{call}",
            description: "Calls of the method counted by instr since it was patched (exact)");
        _meter.CreateObservableCounter(ExceptionsInstrument, () => Exceptions(readings), unit: "{exception}",
            description: "Exceptions thrown out of the method since it was patched (timing probe only)");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Calls(PatchedMethodReadings readings) =>
        readings.Read().Select(r => new Measurement<long>(r.Calls, new KeyValuePair<string, object?>(MethodTag, r.Name)));

    private static IEnumerable<Measurement<long>> Exceptions(PatchedMethodReadings readings) =>
        readings.Read()
            .Where(r => r.Duration is not null)
            .Select(r => new Measurement<long>(r.Duration!.Exceptions, new KeyValuePair<string, object?>(MethodTag, r.Name)));
}

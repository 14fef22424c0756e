using System.Diagnostics.Metrics;

namespace Instr.Agent.Metrics;

/// <summary>
/// The Meter `instr`, published in the app's own process so every standard listener sees it: dotnet-counters,
/// dotnet-monitor, the app's OpenTelemetry, and the agent's own Prometheus and OTLP exporters.
/// <c>instr.calls</c> is an observable counter (tag <c>method</c> = canonical name) read from the engine's exact
/// counters when a listener asks. <c>instr.exceptions</c> only has measurements for methods patched with the timing
/// probe. <c>instr.duration</c> (a histogram) needs a duration per call, which the engine does not deliver yet, so it
/// is not published at all rather than faked from percentiles.
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
            .Where(r => r.Timing is not null)
            .Select(r => new Measurement<long>(r.Timing!.Exceptions, new KeyValuePair<string, object?>(MethodTag, r.Name)));
}

using System.Diagnostics.Metrics;
using Instr.Patching.Probes;

namespace Instr.Agent.Metrics;

/// <summary>
/// The Meter `instr`, published in the app's own process so every standard listener sees it: dotnet-counters,
/// dotnet-monitor, the app's OpenTelemetry, and the agent's own OTLP exporter.
/// <c>instr.calls</c> is an observable counter (tag <c>method</c> = canonical name) read from the engine's exact
/// counters when a listener asks. <c>instr.exceptions</c> only has measurements for methods patched with the timing
/// probe. <c>instr.duration</c> (histogram, seconds) has the duration of every call that returned, for methods
/// patched with the timing probe. System.Diagnostics.Metrics has no observable histogram, so it is fed one
/// <c>Record</c> per timed call, on the caller's thread — but only while a listener has it enabled
/// (<see cref="Instr.Patching.Probes.DurationTap"/>): nobody listening costs a timed call one test. The engine's
/// thread-owned histograms stay the source of the Prometheus endpoint and the agent's OTLP push
/// (<see cref="DurationHistogram"/>), which never enable this instrument.
/// </summary>
internal sealed class InstrMeter : IDisposable
{
    public const string MeterName = "instr";
    public const string CallsInstrument = "instr.calls";
    public const string ExceptionsInstrument = "instr.exceptions";
    public const string DurationInstrument = "instr.duration";
    public const string MethodTag = "method";

    private readonly Meter _meter;
    private readonly Histogram<double> _durations;

    public InstrMeter(PatchedMethodReadings readings)
    {
        _meter = new Meter(MeterName, AgentVersion.Current);
        _meter.CreateObservableCounter(CallsInstrument, () => Calls(readings), unit: "{call}",
            description: "Calls of the method counted by instr since it was patched (exact)");
        _meter.CreateObservableCounter(ExceptionsInstrument, () => Exceptions(readings), unit: "{exception}",
            description: "Exceptions thrown out of the method since it was patched (timing probe only)");
        _durations = CreateDurations(_meter);
        DurationTap.Attach(_durations, MethodTag, readings.NameOf);
    }

    public void Dispose()
    {
        DurationTap.Detach(_durations);
        _meter.Dispose();
    }

    private static Histogram<double> CreateDurations(Meter meter)
    {
        const string description = "Duration of each call that returned, of methods patched with the timing probe (recorded while a listener is enabled)";
#if NET9_0_OR_GREATER
        // The advice gives listeners that honour it (OpenTelemetry) bounds from 1 µs to 10 s instead of milliseconds.
        return meter.CreateHistogram(DurationInstrument, unit: "s", description, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBounds.Seconds });
#else
        return meter.CreateHistogram<double>(DurationInstrument, unit: "s", description);
#endif
    }

    private static IEnumerable<Measurement<long>> Calls(PatchedMethodReadings readings) =>
        readings.Read().Select(r => new Measurement<long>(r.Calls, new KeyValuePair<string, object?>(MethodTag, r.Name)));

    private static IEnumerable<Measurement<long>> Exceptions(PatchedMethodReadings readings) =>
        readings.Read()
            .Where(r => r.Duration is not null)
            .Select(r => new Measurement<long>(r.Duration!.Exceptions, new KeyValuePair<string, object?>(MethodTag, r.Name)));
}

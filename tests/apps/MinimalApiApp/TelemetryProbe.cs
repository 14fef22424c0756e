using System.Diagnostics;
using System.Diagnostics.Metrics;

/// <summary>
/// What the app's own telemetry sees, as an app with OpenTelemetry or dotnet-counters would: measurements of
/// http.server.request.duration on the "Microsoft.AspNetCore.Hosting" meter, and activities of the
/// "Microsoft.AspNetCore" source. The agent's gRPC requests must not show up here.
/// </summary>
internal sealed class TelemetryProbe : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private int _requestsMeasured;
    private int _activitiesStopped;

    public TelemetryProbe()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _requestsMeasured));
        _meters.Start();

        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = _ => Interlocked.Increment(ref _activitiesStopped),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public string Describe() => $"requests measured: {Volatile.Read(ref _requestsMeasured)}, activities: {Volatile.Read(ref _activitiesStopped)}";

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }
}

#if NET10_0_OR_GREATER
using Instr.Agent.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Instr.Agent.Metrics;

/// <summary>
/// Pushes the Meter `instr` with the OpenTelemetry .NET SDK and its OTLP exporter (cumulative sums, so a collector
/// or Prometheus remote-write sees the same exact totals). The SDK runs inside the agent's load context: an app with
/// its own OpenTelemetry keeps its own copy and its own pipeline. The resource names the service as the app's
/// OpenTelemetry would (OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES), else after the process.
/// </summary>
internal sealed class OtlpExport : IDisposable
{
    /// <summary>The last push at exit may delay the app's exit by at most this much (a collector that is down).</summary>
    private const int ShutdownBoundMs = 1000;

    private readonly MeterProvider _provider;
    private readonly OtlpDurationPush _durations;

    private OtlpExport(MeterProvider provider, OtlpDurationPush durations)
    {
        _provider = provider;
        _durations = durations;
    }

    /// <summary>The SDK exports the Meter's instruments; <c>instr.duration</c> goes beside them, same endpoint and
    /// resource, from the engine's buckets (the Meter's own <c>instr.duration</c> is dropped: see <see cref="InstrMeter"/>).</summary>
    public static OtlpExport Start(OtlpSettings settings, string serviceName, PatchedMethodReadings readings)
    {
        var resource = ResourceBuilder.CreateDefault()
            .AddService(serviceName, serviceInstanceId: Environment.MachineName + "/" + Environment.ProcessId)
            .AddAttributes([new("process.pid", Environment.ProcessId), new("host.name", Environment.MachineName)]);
        var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(InstrMeter.MeterName)
            // Pushed below from the engine's buckets: enabling the Meter's per-call instrument here would make every
            // timed call pay a Record while the export runs.
            .AddView(InstrMeter.DurationInstrument, MetricStreamConfiguration.Drop)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = settings.Endpoint;
                exporter.Protocol = settings.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = settings.IntervalMs;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            })
            .Build();
        var durations = new OtlpDurationPush(settings, readings, resource.Build().Attributes);
        AgentLog.Info($"OTLP export of Meter {InstrMeter.MeterName} and {OtlpDurationEncoding.MetricName} to {settings.Endpoint} ({(settings.HttpProtobuf ? "http/protobuf" : "grpc")}) every {settings.IntervalMs} ms");
        return new OtlpExport(provider, durations);
    }

    /// <summary>Exports once more and stops: the last numbers of a short-lived process still reach the collector.</summary>
    public void Dispose()
    {
        // Both last pushes at once, so together they stay within the bound.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lastDurations = _durations.StopAsync();
        try
        {
            _provider.Shutdown(ShutdownBoundMs);
        }
        catch (Exception error)
        {
            AgentLog.Warn($"OTLP export did not shut down cleanly: {error.Message}");
        }

        _ = lastDurations.Wait(TimeSpan.FromMilliseconds(Math.Max(0, ShutdownBoundMs - clock.ElapsedMilliseconds)));
        _durations.Dispose();
        _provider.Dispose();
    }
}
#else
namespace Instr.Agent.Metrics;

/// <summary>
/// On .NET 8 and 9 the agent does not carry the OpenTelemetry SDK: every served SDK version needs a newer
/// System.Diagnostics.DiagnosticSource than these runtimes have, and a private copy of it would hide the app's Meters
/// from the agent (and the Meter `instr` from dotnet-counters and the app's own OpenTelemetry). The Meter `instr` and
/// the Prometheus endpoint work on every runtime; the app's own OpenTelemetry can export `instr` (AddMeter("instr")).
/// </summary>
internal sealed class OtlpExport : IDisposable
{
    public static OtlpExport Start(OtlpSettings settings, string serviceName, PatchedMethodReadings readings) =>
        throw new PlatformNotSupportedException(
            $"INSTR_OTLP_ENDPOINT ({settings.Endpoint}) needs an app on .NET 10 (this one runs .NET {Environment.Version.Major}); " +
            $"use INSTR_METRICS_PORT, or AddMeter(\"instr\") in the app's own OpenTelemetry (service {serviceName})");

    public void Dispose()
    {
    }
}
#endif

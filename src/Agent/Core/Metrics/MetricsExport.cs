using System.Globalization;
using Instr.Agent.Logging;
using Instr.Agent.Services;

namespace Instr.Agent.Metrics;

/// <summary>
/// Starts, once per process, what puts the counts where a fleet already looks: the Meter `instr` (always: listeners
/// pay only when they listen), the Prometheus endpoint (INSTR_METRICS_PORT) and the OTLP push (INSTR_OTLP_ENDPOINT).
/// An exporter that cannot start is logged and left off; the agent and the app go on. At process exit OTLP pushes
/// one last time, so short-lived processes report their final counts.
/// </summary>
internal static class MetricsExport
{
    private static readonly Lock Gate = new();
    private static InstrMeter? s_meter;
    private static PrometheusEndpoint? s_prometheus;
    private static OtlpExport? s_otlp;

    public static void Start(EngineAccess engine, string contentRoot)
    {
        lock (Gate)
        {
            if (s_meter is not null)
            {
                return;
            }

            var readings = new PatchedMethodReadings(engine);
            s_meter = new InstrMeter(readings);
            var settings = MetricsSettings.FromEnvironment();
            if (settings.PrometheusPort is { } port)
            {
                s_prometheus = TryStart("Prometheus endpoint", () => PrometheusEndpoint.Start(port, readings, contentRoot));
                if (s_prometheus is not null)
                {
                    AgentLog.Info(string.Create(CultureInfo.InvariantCulture, $"Prometheus metrics at http://127.0.0.1:{port}{PrometheusEndpoint.Path}"));
                }
            }

            if (settings.Otlp is { } otlp)
            {
                s_otlp = TryStart("OTLP export", () => OtlpExport.Start(otlp, ProcessNames.Current(), readings));
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        }
    }

    private static void Stop()
    {
        lock (Gate)
        {
            // OTLP first: its last push reads the meter, which must still exist.
            s_otlp?.Dispose();
            s_otlp = null;
            if (s_prometheus is { } prometheus)
            {
                s_prometheus = null;
                _ = Task.Run(async () => await prometheus.DisposeAsync().ConfigureAwait(false)).Wait(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private static T? TryStart<T>(string what, Func<T> start)
        where T : class
    {
        try
        {
            return start();
        }
        catch (Exception error)
        {
            AgentLog.Warn($"{what} not started: {error.Message.ReplaceLineEndings(" ")}");
            return null;
        }
    }
}

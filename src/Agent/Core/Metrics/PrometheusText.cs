using System.Globalization;
using System.Text;

namespace Instr.Agent.Metrics;

/// <summary>
/// Renders the readings in the Prometheus text exposition format (version 0.0.4): <c>instr_calls_total</c> for every
/// patched method, <c>instr_exceptions_total</c> for timing-probed ones. Names follow what the OpenTelemetry
/// Prometheus conventions make of <c>instr.calls</c>, so dashboards work whichever path the numbers took.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IReadOnlyList<MethodReading> readings)
    {
        var text = new StringBuilder();
        text.Append("# HELP instr_calls_total Calls of the method counted by instr since it was patched (exact).\n");
        text.Append("# TYPE instr_calls_total counter\n");
        foreach (var reading in readings)
        {
            Sample(text, "instr_calls_total", reading.Name, reading.Calls);
        }

        if (readings.Any(r => r.Timing is not null))
        {
            text.Append("# HELP instr_exceptions_total Exceptions thrown out of the method since it was patched (timing probe).\n");
            text.Append("# TYPE instr_exceptions_total counter\n");
            foreach (var reading in readings.Where(r => r.Timing is not null))
            {
                Sample(text, "instr_exceptions_total", reading.Name, reading.Timing!.Exceptions);
            }
        }

        return text.ToString();
    }

    private static void Sample(StringBuilder text, string metric, string method, long value) =>
        text.Append(metric).Append("{method=\"").Append(EscapeLabel(method)).Append("\"} ")
            .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    /// <summary>Label values escape backslash, double quote and line feed; everything else is literal UTF-8.</summary>
    internal static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
}

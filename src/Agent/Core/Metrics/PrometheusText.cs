using System.Globalization;
using System.Text;

namespace Instr.Agent.Metrics;

/// <summary>
/// Renders the readings in the Prometheus text exposition format (version 0.0.4): <c>instr_calls_total</c> for every
/// patched method; for timing-probed ones <c>instr_exceptions_total</c> and the histogram
/// <c>instr_duration_seconds</c> (<c>_bucket{le}</c>, <c>_sum</c>, <c>_count</c>) from the engine's buckets. Names
/// follow what the OpenTelemetry Prometheus conventions make of <c>instr.calls</c> and <c>instr.duration</c> (unit s),
/// so dashboards work whichever path the numbers took.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private const string Duration = "instr_duration_seconds";

    public static string Render(IReadOnlyList<MethodReading> readings)
    {
        var text = new StringBuilder();
        text.Append("# HELP instr_calls_total Calls of the method counted by instr since it was patched (exact).\n");
        text.Append("# TYPE instr_calls_total counter\n");
        foreach (var reading in readings)
        {
            Sample(text, "instr_calls_total", reading.Name, reading.Calls);
        }

        var timed = readings.Where(r => r.Duration is not null).ToList();
        if (timed.Count == 0)
        {
            return text.ToString();
        }

        text.Append("# HELP instr_exceptions_total Exceptions thrown out of the method since it was patched (timing probe).\n");
        text.Append("# TYPE instr_exceptions_total counter\n");
        foreach (var reading in timed)
        {
            Sample(text, "instr_exceptions_total", reading.Name, reading.Duration!.Exceptions);
        }

        text.Append("# HELP " + Duration + " Durations of the method's completed calls since it was patched (timing probe; each call within 1.6%).\n");
        text.Append("# TYPE " + Duration + " histogram\n");
        foreach (var reading in timed)
        {
            Histogram(text, reading.Name, reading.Duration!);
        }

        return text.ToString();
    }

    private static void Histogram(StringBuilder text, string method, DurationHistogram duration)
    {
        var label = EscapeLabel(method);
        var cumulative = duration.Cumulative();
        var bounds = DurationBounds.Seconds;
        for (var i = 0; i < cumulative.Count; i++)
        {
            var le = i < bounds.Count ? Bound(bounds[i]) : "+Inf";
            text.Append(Duration).Append("_bucket{method=\"").Append(label).Append("\",le=\"").Append(le).Append("\"} ")
                .Append(cumulative[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append(Duration).Append("_sum{method=\"").Append(label).Append("\"} ")
            .Append(duration.SumSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        Sample(text, Duration + "_count", method, duration.Count);
    }

    /// <summary>Bounds as plain decimals ("0.0025", "10"): readable in queries, and exactly the float they stand for.</summary>
    internal static string Bound(double seconds) => seconds.ToString("0.##########", CultureInfo.InvariantCulture);

    private static void Sample(StringBuilder text, string metric, string method, long value) =>
        text.Append(metric).Append("{method=\"").Append(EscapeLabel(method)).Append("\"} ")
            .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    /// <summary>Label values escape backslash, double quote and line feed; everything else is literal UTF-8.</summary>
    internal static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
}

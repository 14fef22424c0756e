using System.Globalization;
using System.Text;

namespace Instr.Cli.Run;

/// <summary>
/// What `instr run --patch` prints on stderr when CMD has exited: the top methods by calls (by p99 when they were
/// timed), summed over the processes that counted them. Patterns are resolved inside the app, so when nothing was
/// patched anywhere the summary says so and names the patterns.
/// </summary>
internal static class RunSummary
{
    public const int TopMethods = 10;

    public static string Render(IReadOnlyList<ProcessReport> reports, IReadOnlyList<string> patterns)
    {
        var text = new StringBuilder();
        if (reports.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"instr: no process reported a patched method ({string.Join(", ", patterns)}); is CMD a .NET app, and do the patterns name its methods? (INSTR_LOG=path shows the agent's side)\n");
            return text.ToString();
        }

        var methods = reports.SelectMany(r => r.Methods)
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .Select(g => new ReportedMethod(g.Key, g.Sum(m => m.Calls), g.Max(m => m.P50Us), g.Max(m => m.P99Us), g.Max(m => m.MaxUs)))
            .ToList();
        var timed = methods.Any(m => m.HasTiming);
        var top = (timed ? methods.OrderByDescending(m => m.P99Us ?? -1) : methods.OrderByDescending(m => m.Calls))
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .Take(TopMethods)
            .ToList();

        var processes = string.Join(", ", reports.Select(r => r.Pid.ToString(CultureInfo.InvariantCulture)));
        text.Append(CultureInfo.InvariantCulture, $"instr: {methods.Count} patched method{(methods.Count == 1 ? "" : "s")} in {reports.Count} process{(reports.Count == 1 ? "" : "es")} (pid {processes}); top {top.Count} by {(timed ? "p99" : "calls")}:\n");
        text.Append(timed ? "       calls    p50_us    p99_us    max_us  method\n" : "       calls  method\n");
        foreach (var method in top)
        {
            text.Append(CultureInfo.InvariantCulture, $"{method.Calls,12:N0}");
            if (timed)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Us(method.P50Us),10}{Us(method.P99Us),10}{Us(method.MaxUs),10}");
            }

            text.Append("  ").Append(method.Name).Append('\n');
        }

        return text.ToString();
    }

    private static string Us(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}

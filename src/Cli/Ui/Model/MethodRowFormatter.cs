using System.Globalization;
using Instr.Cli.Rendering;
using Instr.Protocol.V1;

namespace Instr.Cli.Ui.Model;

/// <summary>Turns a row into the cell texts of the dashboard table (kept apart from Terminal.Gui so it is testable).
/// What the status column says about trust comes from the coverage data the agent sends, never from note wording.</summary>
internal static class MethodRowFormatter
{
    public static string FormatCalls(MethodRow row) =>
        row.Patched || row.Unpatched ? row.Calls.ToString("N0", CultureInfo.InvariantCulture) : "";

    public static string FormatRate(MethodRow row) =>
        row.Patched && row.Rate is { } rate ? rate.ToString("0.0", CultureInfo.InvariantCulture) : "";

    /// <summary>A duration since the patch (p50, p99 or max) in a readable unit; "-" while no call has completed;
    /// empty for rows without the timing probe.</summary>
    public static string FormatDuration(MethodRow row, Func<MethodTiming, double> pick) =>
        row.Timing is not { } timing ? "" : timing.MaxUs <= 0 ? "-" : Duration(pick(timing));

    public static string FormatExceptions(MethodRow row) =>
        row.Timing is { } timing ? timing.Exceptions.ToString("N0", CultureInfo.InvariantCulture) : "";

    /// <summary>Microseconds as µs, ms or s with three significant digits ("850 µs", "2.13 ms", "1.25 s").</summary>
    public static string Duration(double microseconds) => microseconds switch
    {
        < 1_000 => Significant(microseconds) + " µs",
        < 1_000_000 => Significant(microseconds / 1_000) + " ms",
        _ => Significant(microseconds / 1_000_000) + " s",
    };

    /// <summary>✓ patched (with "partial coverage" when some calls are not counted); refused reasons; "unpatched".</summary>
    public static string FormatStatus(MethodRow row)
    {
        if (row.Patched)
        {
            return PatchStateText.Marked(row.Coverage == Coverage.Partial ? PatchState.Partial : PatchState.Patched, row.CoverageReason);
        }

        if (row.RefusedReason is { } reason)
        {
            return $"refused: {reason}";
        }

        return row.Unpatched ? PatchStateText.Of(PatchState.Unpatched, "") : "";
    }

    /// <summary>The full story of one row (what a partial patch misses, then every note; or the refusal), for the
    /// details line of the selected row.</summary>
    public static string FormatDetails(MethodRow row)
    {
        if (row.RefusedReason is { } reason && !row.Patched)
        {
            return $"{row.Name}: refused: {reason}";
        }

        var parts = new List<string>();
        var partial = row.Patched && row.Coverage == Coverage.Partial;
        if (partial)
        {
            parts.Add($"coverage: partial — {row.CoverageReason}");
        }

        if (row.Patched && row.Timing is { } timing)
        {
            parts.Add(timing.WindowMaxUs > 0
                ? $"now: p50 {Duration(timing.WindowP50Us)}, p99 {Duration(timing.WindowP99Us)}, max {Duration(timing.WindowMaxUs)}, {timing.WindowExceptions.ToString("N0", CultureInfo.InvariantCulture)} exceptions"
                : $"now: no completed calls, {timing.WindowExceptions.ToString("N0", CultureInfo.InvariantCulture)} exceptions");
        }

        // The engine also keeps a gap among the notes; the details line is one line, so it is not said twice.
        parts.AddRange(row.Notes.Where(n => !string.IsNullOrWhiteSpace(n) && !(partial && n == row.CoverageReason)));
        return parts.Count == 0 ? row.Name : $"{row.Name}: {string.Join("; ", parts)}";
    }

    private static string Significant(double value) => value switch
    {
        < 10 => value.ToString("0.00", CultureInfo.InvariantCulture),
        < 100 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };
}

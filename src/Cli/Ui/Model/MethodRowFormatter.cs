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

        // The engine also keeps a gap among the notes; the details line is one line, so it is not said twice.
        parts.AddRange(row.Notes.Where(n => !string.IsNullOrWhiteSpace(n) && !(partial && n == row.CoverageReason)));
        return parts.Count == 0 ? row.Name : $"{row.Name}: {string.Join("; ", parts)}";
    }
}

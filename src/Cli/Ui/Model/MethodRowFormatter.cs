using System.Globalization;

namespace Instr.Cli.Ui.Model;

/// <summary>Turns a row into the cell texts of the dashboard table (kept apart from Terminal.Gui so it is testable).</summary>
internal static class MethodRowFormatter
{
    public const string PatchedMark = "✓ patched";

    public static string FormatCalls(MethodRow row) =>
        row.Patched || row.Unpatched ? row.Calls.ToString("N0", CultureInfo.InvariantCulture) : "";

    public static string FormatRate(MethodRow row) =>
        row.Patched && row.Rate is { } rate ? rate.ToString("0.0", CultureInfo.InvariantCulture) : "";

    public static string FormatStatus(MethodRow row)
    {
        if (row.Patched)
        {
            var details = new List<string>();
            if (row.Warning.Length > 0 && !string.Equals(row.Warning, "patched", StringComparison.OrdinalIgnoreCase))
            {
                details.Add(row.Warning);
            }

            foreach (var note in row.Notes)
            {
                if (!string.IsNullOrWhiteSpace(note) && !details.Contains(note, StringComparer.Ordinal))
                {
                    details.Add(note);
                }
            }

            return details.Count == 0 ? PatchedMark : $"{PatchedMark} · {string.Join(" · ", details)}";
        }

        if (row.RefusedReason is { } reason)
        {
            return $"refused: {reason}";
        }

        return row.Unpatched ? "unpatched" : "";
    }
}

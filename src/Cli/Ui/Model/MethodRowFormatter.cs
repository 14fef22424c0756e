using System.Globalization;

namespace Instr.Cli.Ui.Model;

/// <summary>Turns a row into the cell texts of the dashboard table (kept apart from Terminal.Gui so it is testable).</summary>
internal static class MethodRowFormatter
{
    public const string PatchedMark = "✓ patched";

    // Notes that change how far a count can be trusted, and the short form the status column shows for them.
    // The agent's own Watch status uses the same words ("patched, shared generic code"); these cover the moment
    // between the patch reply and the first snapshot, and notes the agent does not summarise.
    private static readonly (string Contains, string Warning)[] WarningNotes =
    [
        ("inlined into", "inlined callers not counted"),
        ("shared generic code", "shared generic code"),
        ("body too short", "body too short for a jump"),
    ];

    public static string FormatCalls(MethodRow row) =>
        row.Patched || row.Unpatched ? row.Calls.ToString("N0", CultureInfo.InvariantCulture) : "";

    public static string FormatRate(MethodRow row) =>
        row.Patched && row.Rate is { } rate ? rate.ToString("0.0", CultureInfo.InvariantCulture) : "";

    /// <summary>✓ patched plus the warnings that matter for the count; refused reasons; "unpatched".</summary>
    public static string FormatStatus(MethodRow row)
    {
        if (row.Patched)
        {
            var warnings = Warnings(row);
            return warnings.Count == 0 ? PatchedMark : $"{PatchedMark} · {string.Join(" · ", warnings)}";
        }

        if (row.RefusedReason is { } reason)
        {
            return $"refused: {reason}";
        }

        return row.Unpatched ? "unpatched" : "";
    }

    /// <summary>The full story of one row (every patch note, or the refusal), for the details line of the selected row.</summary>
    public static string FormatDetails(MethodRow row)
    {
        if (row.RefusedReason is { } reason && !row.Patched)
        {
            return $"{row.Name}: refused: {reason}";
        }

        var notes = row.Notes.Where(n => !string.IsNullOrWhiteSpace(n)).ToArray();
        return notes.Length == 0 ? row.Name : $"{row.Name}: {string.Join("; ", notes)}";
    }

    private static List<string> Warnings(MethodRow row)
    {
        var warnings = new List<string>();
        var fromAgent = AgentWarning(row.Warning);
        if (fromAgent.Length > 0)
        {
            warnings.Add(fromAgent);
        }

        foreach (var note in row.Notes)
        {
            foreach (var (contains, warning) in WarningNotes)
            {
                if (note.Contains(contains, StringComparison.OrdinalIgnoreCase) && !warnings.Contains(warning, StringComparer.Ordinal))
                {
                    warnings.Add(warning);
                }
            }
        }

        return warnings;
    }

    /// <summary>"patched, shared generic code" → "shared generic code"; "patched" → "".</summary>
    private static string AgentWarning(string status)
    {
        var text = status.Trim();
        if (text.StartsWith("patched", StringComparison.OrdinalIgnoreCase))
        {
            text = text["patched".Length..].TrimStart(',', ' ', ':', ';');
        }

        return text;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Instr.IntegrationTests.Ui;

/// <summary>
/// Reads the seed's dashboard (`instr ui --meter`) off a captured screen: name | calls (the app's own count) |
/// instrumented (instr's count) | rate/s | status.
/// </summary>
public static partial class SeedDashboardScreen
{
    public static Row? FindRow(string screen, string name)
    {
        foreach (var line in screen.Split('\n'))
        {
            var cells = line.Split('│', '┃', '║').Select(c => c.Trim()).ToArray();
            var at = Array.FindIndex(cells, c => c.StartsWith(name, StringComparison.Ordinal));
            if (at >= 0 && at + 4 < cells.Length)
            {
                return new Row(cells[at], Number(cells[at + 1]), Number(cells[at + 2]), cells[at + 4]);
            }
        }

        return null;
    }

    /// <summary>The table rows' names, top to bottom.</summary>
    public static IReadOnlyList<string> RowNames(string screen) =>
        screen.Split('\n')
            .Select(line => line.Split('│', '┃', '║').Select(c => c.Trim()).FirstOrDefault(c => c.Contains(':', StringComparison.Ordinal) && c.Contains('(', StringComparison.Ordinal)))
            .OfType<string>()
            .ToList();

    /// <summary>The pid in the title "instr — SampleTarget (pid N)".</summary>
    public static int? TitlePid(string screen) =>
        TitlePattern().Match(screen) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static long? Number(string cell) =>
        long.TryParse(cell.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    [GeneratedRegex(@"SampleTarget \(pid (\d+)\)")]
    private static partial Regex TitlePattern();

    public sealed record Row(string Name, long? AppCalls, long? Instrumented, string Status);
}

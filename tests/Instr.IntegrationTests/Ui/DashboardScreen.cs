using System.Globalization;

namespace Instr.IntegrationTests.Ui;

/// <summary>Reads the dashboard's table off a captured screen: name | calls | rate/s | status.</summary>
public static class DashboardScreen
{
    /// <summary>The cells of the table row whose name contains <paramref name="name"/>, or null when it is not on screen.</summary>
    public static Row? FindRow(string screen, string name)
    {
        foreach (var line in screen.Split('\n'))
        {
            var cells = line.Split('│', '┃', '║').Select(c => c.Trim()).ToArray();
            var at = Array.FindIndex(cells, c => c.Contains(name, StringComparison.Ordinal));
            if (at >= 0 && at + 3 < cells.Length)
            {
                return new Row(cells[at], cells[at + 1], cells[at + 2], cells[at + 3]);
            }
        }

        return null;
    }

    /// <summary>Whether any table row's name contains <paramref name="fragment"/>.</summary>
    public static bool HasRow(string screen, string fragment) => FindRow(screen, fragment) is not null;

    public sealed record Row(string Name, string Calls, string Rate, string Status)
    {
        /// <summary>The calls cell as a number ("1,234" → 1234), or null when empty or not a number.</summary>
        public long? CallCount =>
            long.TryParse(Calls.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : null;
    }
}

namespace Instr.Cli.Rendering;

/// <summary>
/// Widths for the live watch columns so that every cell fits on one line: the numbers get what they need, the status
/// up to a third of the rest, the name everything else; longer text is cut with "…" instead of wrapping (a wrapped row
/// would push the table past the terminal height).
/// </summary>
internal static class ColumnFit
{
    // 5 vertical borders + 1 space of padding on each side of 4 columns.
    private const int TableChrome = 5 + (2 * 4);
    private const int MinimumText = 14;

    public static int[] Widths(IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, int totalWidth)
    {
        int Widest(int column) => rows.Select(r => r[column].Length).Append(headers[column].Length).Max();

        var calls = Widest(1);
        var rate = Widest(2);
        var remaining = Math.Max(2 * MinimumText, totalWidth - TableChrome - calls - rate);
        var status = Math.Clamp(Widest(3), headers[3].Length, Math.Max(headers[3].Length, remaining / 3));
        var name = Math.Max(MinimumText, Math.Min(Widest(0), remaining - status));
        return [name, calls, rate, status];
    }

    public static string Cut(string text, int width) =>
        text.Length <= width ? text : width <= 1 ? "…" : string.Concat(text.AsSpan(0, width - 1), "…");
}

namespace Instr.Cli.Rendering;

/// <summary>
/// One tab-separated line per row and no header, so `cut -f`, `awk` and `grep` work on the output directly.
/// Tabs and line breaks inside a cell would break that, so they become spaces.
/// </summary>
internal sealed class PlainTableRenderer(TextWriter output) : ITableRenderer
{
    public void Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        foreach (var row in rows)
        {
            output.WriteLine(string.Join('\t', row.Select(Clean)));
        }
    }

    private static string Clean(string cell) => cell.Replace('\t', ' ').ReplaceLineEndings(" ");
}

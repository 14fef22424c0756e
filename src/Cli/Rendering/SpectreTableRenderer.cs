using Spectre.Console;

namespace Instr.Cli.Rendering;

/// <summary>A bordered table for people at a terminal; cell text is escaped so names with [brackets] print as-is.</summary>
internal sealed class SpectreTableRenderer(IAnsiConsole console) : ITableRenderer
{
    public void Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
        }

        console.Write(table);
    }
}

namespace Instr.Cli.Rendering;

/// <summary>Writes rows of text: a Spectre table on a terminal, tab-separated lines otherwise.</summary>
internal interface ITableRenderer
{
    void Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows);
}

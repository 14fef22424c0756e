namespace Instr.Cli.Rendering;

internal static class TableRenderers
{
    public static ITableRenderer For(CliConsole console) =>
        console.IsInteractive ? new SpectreTableRenderer(console.Ansi) : new PlainTableRenderer(console.Out);
}

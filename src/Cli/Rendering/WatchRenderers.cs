namespace Instr.Cli.Rendering;

internal static class WatchRenderers
{
    public static IWatchRenderer For(CliConsole console, bool json) =>
        json ? new JsonWatchRenderer(console.Out)
        : console.IsInteractive ? new LiveWatchRenderer(console.Ansi)
        : new PlainWatchRenderer(console.Out);
}

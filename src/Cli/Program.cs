using Instr.Cli.Hosting;
using Instr.Cli.Rendering;

namespace Instr.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var signals = new TerminationSignals();
        return await CliApplication.RunAsync(args, CliConsole.System(), signals.Token).ConfigureAwait(false);
    }
}

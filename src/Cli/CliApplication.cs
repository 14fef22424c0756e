using System.CommandLine;
using System.CommandLine.Completions;
using Instr.Cli.Commands;
using Instr.Cli.Rendering;

namespace Instr.Cli;

/// <summary>Parses and runs one command line; parse errors are usage errors (exit 2), one line each.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken ct)
    {
        var root = InstrRootCommand.Create(console);
        var parse = root.Parse(args);
        // `[suggest]` (shell completion, dotnet-suggest) completes half-typed command lines and `--help` may come with
        // a half-typed one: their errors are expected.
        var completing = root.Directives.OfType<SuggestDirective>().Any(d => parse.GetResult(d) is not null);
        if (parse.Errors.Count > 0 && !completing && !HelpExamples.IsHelp(parse))
        {
            var messages = parse.Errors.Select(e => e.Message.ReplaceLineEndings(" ").TrimEnd('.')).Distinct(StringComparer.Ordinal);
            console.WriteError($"{string.Join("; ", messages)} (see instr --help)");
            return (int)ExitCode.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Signals are handled by the caller's token (TerminationSignals), see there why.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        return await parse.InvokeAsync(invocation, ct).ConfigureAwait(false);
    }
}

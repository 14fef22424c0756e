using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Instr.Cli.Hosting;
using Instr.Cli.Interop;
using Instr.Cli.Rendering;
using Instr.Shared;

namespace Instr.Cli.Commands;

/// <summary>
/// `instr run [--] CMD ARGS...`: starts CMD with the agent, stdio inherited, and exits with CMD's exit code
/// (128+signal when CMD was killed by a signal, as a shell reports it).
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliConsole console, CommonOptions common)
    {
        var commandLine = new Argument<string[]>("COMMAND")
        {
            Description = "The program to start and its arguments (e.g. dotnet app.dll --port 5000)",
            Arity = ArgumentArity.OneOrMore,
            // Everything after CMD belongs to CMD, including options that look like ours.
            CaptureRemainingTokens = true,
        };
        var command = new Command("run", "Start a program with the instr agent loaded; pass its stdio through and return its exit code")
        {
            commandLine,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync(console, result.GetValue(common.Verbose), ct, async () =>
        {
            var args = result.GetValue(commandLine)!;
            var start = new ProcessStartInfo(args[0]) { UseShellExecute = false };
            foreach (var arg in args.Skip(1))
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment[InstrEnvironment.StartupHooks] =
                StartupHooksVariable.Prepend(AgentLocation.Require(), Environment.GetEnvironmentVariable(InstrEnvironment.StartupHooks));
            return (ExitCode)await RunChildAsync(start).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> RunChildAsync(ProcessStartInfo start)
    {
        Process child;
        try
        {
            child = Process.Start(start) ?? throw new InstrException(ExitCode.Error, $"cannot start {start.FileName}");
        }
        catch (Win32Exception ex)
        {
            throw new InstrException(ExitCode.Error, $"cannot start {start.FileName}: {ex.Message}", ex);
        }

        using (child)
        using (Forward(PosixSignal.SIGINT, Posix.SigInt, child, fromTerminalToo: true))
        using (Forward(PosixSignal.SIGTERM, Posix.SigTerm, child, fromTerminalToo: false))
        {
            // Not cancellable: after Ctrl+C we still wait for the child, whose exit code is ours.
            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return child.ExitCode;
        }
    }

    /// <summary>
    /// Keeps instr alive on the signal and passes it on. Ctrl+C at a terminal already reaches the child (same
    /// foreground process group), so SIGINT is only forwarded when it cannot have come from the terminal.
    /// </summary>
    private static PosixSignalRegistration Forward(PosixSignal signal, int number, Process child, bool fromTerminalToo) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            var terminalDelivered = fromTerminalToo && Posix.GetTerminalForegroundGroup(0) == Posix.GetProcessGroup();
            if (!terminalDelivered && !child.HasExited)
            {
                Posix.Kill(child.Id, number);
            }
        });
}

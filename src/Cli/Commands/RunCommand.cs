using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Instr.Cli.Hosting;
using Instr.Cli.Interop;
using Instr.Cli.Rendering;
using Instr.Cli.Run;
using Instr.Shared;

namespace Instr.Cli.Commands;

/// <summary>
/// `instr run [--patch PATTERN]... [--probe count|timing] [--report FILE] [--] CMD ARGS...`: starts CMD with the agent,
/// stdio inherited, and exits with CMD's exit code (128+signal when CMD was killed by a signal, as a shell reports it).
/// With --patch the patterns are patched from the start in every .NET process CMD runs (INSTR_PATCH), and when CMD
/// has exited a summary of the counts goes to stderr (stdout stays CMD's); --report also keeps the reports.
/// </summary>
internal static class RunCommand
{
    private const string TestHostShutdownTimeout = "VSTEST_TESTHOST_SHUTDOWN_TIMEOUT";

    public static Command Create(CliConsole console, CommonOptions common)
    {
        var commandLine = new Argument<string[]>("COMMAND")
        {
            Description = "The program to start and its arguments (e.g. dotnet app.dll --port 5000)",
            Arity = ArgumentArity.OneOrMore,
            // Everything after CMD belongs to CMD, including options that look like ours.
            CaptureRemainingTokens = true,
        };
        var patterns = new Option<string[]>("--patch")
        {
            Description = "Patch PATTERN from the start (repeatable); the counts are summarised when the program exits",
            HelpName = "PATTERN",
        };
        var probe = new Option<string>("--probe")
        {
            Description = "What the --patch patterns measure",
            DefaultValueFactory = _ => "count",
            HelpName = "count|timing",
        };
        probe.AcceptOnlyFromAmong("count", "timing");
        var report = new Option<string?>("--report")
        {
            Description = "Also write the final counters to FILE: one JSON object per process that counted something (the shape of watch --once --json)",
            HelpName = "FILE",
        };
        var command = new Command("run", "Start a program with the instr agent loaded; pass its stdio through and return its exit code")
        {
            patterns, probe, report, commandLine,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(patterns) ?? []).Any(string.IsNullOrWhiteSpace))
            {
                r.AddError("--patch needs a method name or pattern");
            }

            if (r.GetResult(probe) is { Implicit: false } && (r.GetValue(patterns) ?? []).Length == 0)
            {
                r.AddError("--probe applies to --patch patterns: give at least one --patch");
            }
        });
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
            var wanted = result.GetValue(patterns) ?? [];
            var reportFile = result.GetValue(report);
            if (wanted.Length == 0 && reportFile is null)
            {
                return (ExitCode)await RunChildAsync(start).ConfigureAwait(false);
            }

            using var reports = RunReports.Create();
            start.Environment[InstrEnvironment.Report] = reports.ReportVariable;
            // `dotnet test`: VSTest kills its test host 100 ms after the run unless told otherwise, which can cut the
            // exit report short (coverlet has the same problem). A host that exits normally still exits at once.
            start.Environment.TryAdd(TestHostShutdownTimeout, "30000");
            if (wanted.Length > 0)
            {
                start.Environment[InstrEnvironment.Patch] = RunReports.PatchVariable(wanted, result.GetValue(probe)!);
            }

            var exitCode = await RunChildAsync(start).ConfigureAwait(false);
            var collected = reports.Read();
            if (reportFile is not null)
            {
                WriteReport(console, reportFile, collected);
            }

            if (wanted.Length > 0)
            {
                console.Error.Write(RunSummary.Render(collected, wanted));
            }

            return (ExitCode)exitCode;
        }));
        return command;
    }

    /// <summary>A report that cannot be written is said on stderr; the exit code stays CMD's.</summary>
    private static void WriteReport(CliConsole console, string path, IReadOnlyList<ProcessReport> reports)
    {
        try
        {
            File.WriteAllText(path, string.Concat(reports.Select(r => r.Json + "\n")));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.WriteError($"cannot write the report to {path}: {ex.Message}");
        }
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

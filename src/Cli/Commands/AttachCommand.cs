using System.CommandLine;
using System.Diagnostics;
using Instr.Cli.Hosting;
using Instr.Cli.Rendering;
using Instr.Cli.Transport;
using Instr.Shared;
using Microsoft.Diagnostics.NETCore.Client;

namespace Instr.Cli.Commands;

/// <summary>
/// `instr attach PID`: loads the agent into a running .NET 8+ app through the runtime's diagnostic port. A bad
/// request kills the target, so everything that can be checked is checked first (including that the target's
/// runtime is one instr serves, see <see cref="TargetRuntime"/>), and success is reported only once the agent's
/// socket exists.
/// </summary>
internal static class AttachCommand
{
    private static readonly TimeSpan AgentStartTimeout = TimeSpan.FromSeconds(15);

    public static Command Create(CliConsole console, CommonOptions common)
    {
        var pidArgument = new Argument<int>("PID") { Description = "Process id of a running .NET 8+ app" };
        pidArgument.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out var pid) && pid <= 0)
            {
                r.AddError("PID must be a positive process id");
            }
        });
        var command = new Command("attach", "Load the instr agent into a running .NET app")
        {
            pidArgument,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync(console, result.GetValue(common.Verbose), ct, async () =>
        {
            var pid = result.GetValue(pidArgument);
            var ownSocketDirectory = AgentSocketPaths.Directory();
            var target = AttachTarget.Inspect(pid);
            if (File.Exists(target.SocketPath))
            {
                console.Out.WriteLine($"process {pid} already has an instr agent ({target.SocketPath})");
                return ExitCode.Ok;
            }

            if (TargetRuntime.Inspect(pid).Refusal() is { } unserved)
            {
                throw new InstrException(ExitCode.Unreachable, $"refusing to attach to process {pid}: {unserved} (nothing was sent; the process runs on untouched)");
            }

            var agent = AgentLocation.Require();
            if (StartupHookCheck.Problem(agent) is { } problem)
            {
                throw new InstrException(ExitCode.Error, $"refusing to attach: {problem}");
            }

            await ApplyAsync(target, agent, ct).ConfigureAwait(false);
            await WaitForSocketAsync(target, ct).ConfigureAwait(false);
            console.Out.WriteLine($"attached: the agent of process {pid} listens at {target.SocketPath}");
            if (target.SocketDirectory != ownSocketDirectory)
            {
                console.WriteError($"note: process {pid} uses another TMPDIR/XDG_RUNTIME_DIR; run other instr commands with the same environment ({target.SocketDirectory})");
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static async Task ApplyAsync(AttachTarget target, string agent, CancellationToken ct)
    {
        var pid = target.Pid;
        // No TMPDIR juggling: DiagnosticsClient finds the target's diagnostic socket even when its TMPDIR differs
        // from ours (covered by Attach_finds_the_diagnostic_port_in_the_apps_own_TMPDIR).
        try
        {
            await new DiagnosticsClient(pid).ApplyStartupHookAsync(agent, ct).ConfigureAwait(false);
        }
        catch (ServerNotAvailableException ex)
        {
            throw new InstrException(ExitCode.Unreachable, $"cannot reach the diagnostic port of process {pid} in {target.TempDirectory} (is it a .NET 8+ app, not in another container or mount namespace?)", ex);
        }
        catch (UnsupportedCommandException ex)
        {
            throw new InstrException(ExitCode.Unreachable, $"the runtime of process {pid} cannot load startup hooks at run time (needs .NET 8 or newer)", ex);
        }
        catch (ServerErrorException ex)
        {
            throw new InstrException(ExitCode.Error, $"the runtime of process {pid} refused the agent: {ex.Message}", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new InstrException(ExitCode.Error, $"process {pid} closed the diagnostic connection while loading the agent (it may have exited)", ex);
        }
    }

    private static async Task WaitForSocketAsync(AttachTarget target, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(target.SocketPath))
        {
            if (!ProcessFacts.IsRunning(target.Pid))
            {
                throw new InstrException(ExitCode.Unreachable, $"process {target.Pid} exited while the agent was starting");
            }

            if (clock.Elapsed > AgentStartTimeout)
            {
                throw new InstrException(ExitCode.Unreachable,
                    $"the runtime accepted the agent but no socket appeared at {target.SocketPath} within {AgentStartTimeout.TotalSeconds:0} s " +
                    "(app built with StartupHookSupport=false, or the agent failed: set INSTR_LOG in the app to see why)");
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }
}

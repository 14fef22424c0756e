using Instr.Cli.Rendering;
using Instr.Cli.Transport;
using Instr.Shared;

namespace Instr.Cli.Commands;

/// <summary>
/// For `instr ps`: whether a .NET process without an agent in our socket directory can take `instr attach`, and if
/// not, why — in the words that tell the user what to do. Reads only /proc and the file system; asks nobody.
/// </summary>
internal static class AttachReadiness
{
    public static ProcessRow Describe(DotNetProcess process, string ourSocketDirectory)
    {
        var env = ProcessFacts.Environment(process.Pid);
        ProcessRow Unreachable(string reason) =>
            new(process.Pid, process.Name, null, process.Runtime, 0, ProcessStatus.Unreachable, reason);

        if (env is not null)
        {
            foreach (var name in AttachTarget.DiagnosticsSwitches)
            {
                if (env.TryGetValue(name, out var value) && value == "0")
                {
                    return Unreachable($"diagnostics are off ({name}=0), so it cannot be attached: restart it with DOTNET_STARTUP_HOOKS=$(instr agent-path)");
                }
            }

            var theirDirectory = AgentSocketPaths.Directory(name => env.GetValueOrDefault(name));
            var theirSocket = Path.Combine(theirDirectory, AgentSocketPaths.FileName(process.Pid, process.StartTime));
            if (theirDirectory != ourSocketDirectory && File.Exists(theirSocket))
            {
                return Unreachable($"its agent listens in {theirDirectory} (the app runs with another XDG_RUNTIME_DIR/TMPDIR): run instr with the same");
            }

            if (env.TryGetValue(InstrEnvironment.Disable, out var disabled) && disabled == "1")
            {
                return Unreachable($"it runs with {InstrEnvironment.Disable}=1, so no agent would start");
            }
        }

        return DiagnosticPort.Find(process, env) is { } port
            ? new ProcessRow(process.Pid, process.Name, port, process.Runtime, 0, ProcessStatus.Attachable)
            : Unreachable("no diagnostic socket found in its TMPDIR (diagnostics off, or another container/mount namespace)");
    }
}

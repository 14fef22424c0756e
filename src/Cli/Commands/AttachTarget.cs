using Instr.Cli.Transport;
using Instr.Shared;

namespace Instr.Cli.Commands;

/// <summary>The pre-attach facts about a target, read from /proc; refuses targets that cannot load the agent.</summary>
internal sealed record AttachTarget(int Pid, string SocketDirectory, string SocketPath, string TempDirectory)
{
    /// <summary>Environment switches that turn the runtime's diagnostic port off when set to 0 (also read by `instr ps`).</summary>
    internal static readonly string[] DiagnosticsSwitches =
    [
        "DOTNET_EnableDiagnostics", "DOTNET_EnableDiagnostics_IPC", "COMPlus_EnableDiagnostics", "COMPlus_EnableDiagnostics_IPC",
    ];

    public static AttachTarget Inspect(int pid)
    {
        var startTime = AgentSocketPaths.ReadStartTime(pid)
            ?? throw new InstrException(ExitCode.Unreachable, $"process {pid} is not running");
        if (ProcessFacts.IsDotNet(pid) == false)
        {
            throw new InstrException(ExitCode.Unreachable, $"process {pid} ({ProcessFacts.Name(pid) ?? "?"}) is not a .NET process");
        }

        var env = ProcessFacts.Environment(pid)
            ?? throw new InstrException(ExitCode.Unreachable, $"cannot read the environment of process {pid} (another user's process? run instr as that user)");
        foreach (var name in DiagnosticsSwitches)
        {
            if (env.TryGetValue(name, out var value) && value == "0")
            {
                throw new InstrException(ExitCode.Unreachable, $"process {pid} runs with {name}=0, which turns off the diagnostic port attach needs; restart it with DOTNET_STARTUP_HOOKS=$(instr agent-path) instead");
            }
        }

        if (env.TryGetValue(InstrEnvironment.Disable, out var disabled) && disabled == "1")
        {
            throw new InstrException(ExitCode.Unreachable, $"process {pid} runs with {InstrEnvironment.Disable}=1, so the agent would not start");
        }

        var directory = AgentSocketPaths.Directory(name => env.GetValueOrDefault(name));
        // The runtime puts its diagnostic socket in the target's TMPDIR (default /tmp), which may differ from ours.
        var temp = env.GetValueOrDefault("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        return new AttachTarget(pid, directory, Path.Combine(directory, AgentSocketPaths.FileName(pid, startTime)), temp);
    }
}

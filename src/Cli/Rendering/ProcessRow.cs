namespace Instr.Cli.Rendering;

/// <summary>
/// One line of `instr ps`. <see cref="Socket"/> (null when there is none) is the agent's socket (status agent or an agent that does not
/// answer) or the runtime's diagnostic socket (attachable); <see cref="Reason"/> says why a process is unreachable.
/// </summary>
internal sealed record ProcessRow(int Pid, string Name, string? Socket, string Runtime, int Patched, ProcessStatus Status, string? Reason = null);

namespace Instr.Cli.Rendering;

/// <summary>One line of `instr ps`: a reachable agent (Problem null) or a stale/unreachable socket with the reason.</summary>
internal sealed record ProcessRow(int Pid, string Name, string Socket, string Runtime, int Patched, string? Problem);

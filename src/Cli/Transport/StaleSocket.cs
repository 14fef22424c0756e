namespace Instr.Cli.Transport;

/// <summary>A socket file whose process is gone (or whose pid was reused); discovery deletes it and reports why.</summary>
internal sealed record StaleSocket(int Pid, string SocketPath, string Reason, bool Deleted);

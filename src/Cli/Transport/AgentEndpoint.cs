namespace Instr.Cli.Transport;

/// <summary>A live agent socket found in the socket directory: the process is alive and its start time matches.</summary>
internal sealed record AgentEndpoint(int Pid, long StartTime, string SocketPath);

namespace Instr.Agent.Hosting;

/// <summary>What the agent's host listens on and who may connect.</summary>
/// <param name="SocketPath">The Unix socket (always).</param>
/// <param name="AllowedUid">The only peer uid accepted on the Unix socket.</param>
/// <param name="Tcp">Optional loopback TCP listener (INSTR_TCP_PORT + INSTR_TOKEN).</param>
internal sealed record AgentHostOptions(string SocketPath, uint AllowedUid, TcpAccess? Tcp);

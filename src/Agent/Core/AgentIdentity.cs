namespace Instr.Agent;

/// <summary>Who this agent is: registered as a singleton by Hosting before the services are added.</summary>
/// <param name="Pid">The app's process id.</param>
/// <param name="StartTime">Field 22 of /proc/self/stat.</param>
/// <param name="SocketPath">The Unix socket the agent listens on.</param>
internal sealed record AgentIdentity(int Pid, long StartTime, string SocketPath);

namespace Instr.Cli.Transport;

/// <summary>What one scan of the socket directory found.</summary>
internal sealed record DiscoveryResult(string Directory, IReadOnlyList<AgentEndpoint> Live, IReadOnlyList<StaleSocket> Stale);

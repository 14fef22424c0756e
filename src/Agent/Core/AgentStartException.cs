namespace Instr.Agent;

/// <summary>The agent cannot start; the message is the one line the bootstrap prints after "instr agent: ".</summary>
internal sealed class AgentStartException(string message, Exception? inner = null) : Exception(message, inner);

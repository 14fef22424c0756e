namespace Instr.Agent.Resolution;

/// <summary>A pattern that does not follow the grammar; the message is one line a user can act on
/// (mapped to INVALID_ARGUMENT by the services).</summary>
internal sealed class PatternSyntaxException(string message) : Exception(message);

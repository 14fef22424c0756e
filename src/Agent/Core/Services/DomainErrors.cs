using Instr.Protocol.V1;

namespace Instr.Agent.Services;

/// <summary>A pattern matched no method (→ NOT_FOUND).</summary>
internal sealed class NoMatchException(string message) : Exception(message);

/// <summary>Every method the pattern matched was refused (→ FAILED_PRECONDITION, the response rides in a trailer
/// so the CLI can print every reason).</summary>
internal sealed class AllRefusedException(string message, PatchResponse response) : Exception(message)
{
    public PatchResponse Response { get; } = response;
}

using Instr.Patching;

namespace Instr.Agent;

/// <summary>
/// Whether the agent may start in this process at all: the bootstrap already picked the build for this .NET major
/// version, and here the engine checks the exact runtime (its JIT-EE interface version, the platform). On a runtime
/// it cannot serve the agent does not start — no socket, no threads, no hook — and the bootstrap prints the reason
/// in one line; a half-working agent that lists methods but can never patch them would only mislead.
/// </summary>
internal static class ServedRuntimeCheck
{
    public static void Ensure()
    {
        try
        {
            MethodPatcher.EnsureRuntimeSupported();
        }
        catch (UnsupportedRuntimeException error)
        {
            throw new AgentStartException($"not started: {error.Message} (the app runs without instr)", error);
        }
    }
}

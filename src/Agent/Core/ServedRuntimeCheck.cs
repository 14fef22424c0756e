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
    /// <summary>The engine's native helper, loaded by the engine from its own directory.</summary>
    private const string NativeLibrary = "libinstr_native.so";

    public static void Ensure()
    {
        // Before the engine's first native call: a damaged helper would not fail to load, it would crash the app.
        var native = Path.Combine(Path.GetDirectoryName(typeof(MethodPatcher).Assembly.Location) ?? AppContext.BaseDirectory, NativeLibrary);
        if (File.Exists(native) && Services.NativeLibraryCheck.Problem(native) is { } problem)
        {
            throw new AgentStartException($"not started: {problem} (the app runs without instr)");
        }

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

namespace Instr.Patching;

/// <summary>Failures inside the engine's hooks and probes, kept from the app and counted instead.</summary>
/// <param name="CallbackFailures">Exceptions thrown by the managed JIT callback (a new body of a watched method that may not be patched).</param>
/// <param name="NativeHookErrors">Errors in the native JIT hook: a compile the registry could not record, a watched
/// method compiled from inside the engine's own callback (forwarded unpatched).</param>
/// <param name="LastCallbackFailure">The latest callback failure (type: message), or null.</param>
/// <param name="ProbeFailures">Exceptions thrown by probe code around a patched call (the call itself went on as
/// without the probe, and was counted; what the probe measures for it is missing).</param>
/// <param name="LastProbeFailure">The latest probe failure, or null.</param>
public sealed record EngineFaults(long CallbackFailures, long NativeHookErrors, string? LastCallbackFailure, long ProbeFailures, string? LastProbeFailure)
{
    public long Total => CallbackFailures + NativeHookErrors + ProbeFailures;

    /// <summary>The latest failure described (a probe's if any, since those recur with every call), or null.</summary>
    public string? LastFailure => LastProbeFailure ?? LastCallbackFailure;
}

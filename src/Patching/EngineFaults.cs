namespace Instr.Patching;

/// <summary>Failures inside the engine's hooks, kept from the app and counted instead.</summary>
/// <param name="CallbackFailures">Exceptions thrown by the managed JIT callback (a new body of a watched method that may not be patched).</param>
/// <param name="NativeHookErrors">Errors in the native JIT hook: a compile the registry could not record, a watched
/// method compiled from inside the engine's own callback (forwarded unpatched).</param>
/// <param name="LastCallbackFailure">The latest callback failure (type: message), or null.</param>
public sealed record EngineFaults(long CallbackFailures, long NativeHookErrors, string? LastCallbackFailure)
{
    public long Total => CallbackFailures + NativeHookErrors;
}

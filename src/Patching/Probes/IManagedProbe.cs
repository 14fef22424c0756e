using System.ComponentModel;

namespace Instr.Patching.Probes;

/// <summary>
/// The contract of a probe that runs managed code around each call of a patched method. The engine emits, per
/// patched method, a wrapper with the method's real calling convention that calls these at entry, at exit and when
/// the call ends in an exception, then installs it the same way for every probe kind (the count stays the native
/// stub's). Implementations are static (no per-call allocation, no virtual call) and keep their own per-thread state.
/// Public only because the emitted wrappers live in a dynamic assembly; not an API for users.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IManagedProbe
{
    /// <summary>At entry, before the body runs. What it returns is handed back at the end of the same call.</summary>
    /// <param name="slot">The patch's probe slot (its per-thread state index).</param>
    static abstract long OnEntry(int slot);

    /// <summary>The call returned normally (not called for Task-returning methods: <see cref="OnTaskReturned"/>).</summary>
    static abstract void OnExit(int slot, long entry);

    /// <summary>The call ends in an exception: runs as a fault handler while the exception passes (never caught or
    /// rethrown, so the stack trace is the one the method threw with).</summary>
    static abstract void OnException(int slot, long entry);

    /// <summary>A Task-returning call returned its task, instead of <see cref="OnExit"/>: the probe may follow the task
    /// to its completion. (ValueTask-returning methods call the probe's <c>OnValueTaskReturned</c> overloads.)</summary>
    static abstract void OnTaskReturned(int slot, long entry, Task? task);

    /// <summary>A ValueTask-returning call returned (instead of <see cref="OnExit"/>).</summary>
    static abstract void OnValueTaskReturned(int slot, long entry, ValueTask task);

    /// <summary>A ValueTask&lt;T&gt;-returning call returned (instead of <see cref="OnExit"/>).</summary>
    static abstract void OnValueTaskReturned<T>(int slot, long entry, ValueTask<T> task);
}

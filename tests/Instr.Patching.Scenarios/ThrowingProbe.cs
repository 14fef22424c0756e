using Instr.Patching.Probes;

namespace Instr.Patching.Scenarios;

/// <summary>A managed probe whose hooks throw (which ones: <see cref="Throwing"/>), installed like any probe kind: the
/// app's calls must go on as without it, and every throw must be recorded by the engine. Public: the wrappers that call it live in a dynamic assembly.</summary>
public sealed class ThrowingProbe : IManagedProbe
{
    public const ProbeKind Kind = (ProbeKind)100;

    private ThrowingProbe()
    {
    }

    /// <summary>Where the probe throws.</summary>
    public enum Hooks
    {
        None,
        Entry,
        End, // OnExit, OnException, OnTaskReturned, OnValueTaskReturned: whichever ends the call
    }

    public static Hooks Throwing { get; set; }

    public static long OnEntry(int slot) => Throwing == Hooks.Entry ? throw Failure() : 42;

    public static void OnExit(int slot, long entry) => End(entry);

    public static void OnException(int slot, long entry) => End(entry);

    public static void OnTaskReturned(int slot, long entry, Task? task) => End(entry);

    public static void OnValueTaskReturned(int slot, long entry, ValueTask task) => End(entry);

    public static void OnValueTaskReturned<T>(int slot, long entry, ValueTask<T> task) => End(entry);

    /// <summary>An end hook runs only for a call whose entry hook returned (42 here).</summary>
    private static void End(long entry)
    {
        if (entry != 42)
        {
            Environment.FailFast($"end hook ran with entry {entry}: the wrapper called it although OnEntry threw");
        }

        if (Throwing == Hooks.End)
        {
            throw Failure();
        }
    }

    private static InvalidOperationException Failure() => new("probe failure injected by the scenario");
}

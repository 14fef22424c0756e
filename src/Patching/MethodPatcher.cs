using System.Reflection;
using Instr.Patching.Engine;
using Instr.Patching.Interop;
using Instr.Patching.Platforms;
using Instr.Patching.Runtime.CoreClr;

namespace Instr.Patching;

/// <summary>
/// The engine's public face: patch a method with a probe, unpatch it, ask what is patched.
/// One instance per process (<see cref="Shared"/>): it owns the process-wide JIT hook.
/// Thread-safe; every call may run while other threads execute the methods concerned.
/// Never throws for a method it cannot handle: it refuses with a reason instead.
/// </summary>
public sealed class MethodPatcher
{
    private static readonly Lazy<MethodPatcher> Instance = new(() => new MethodPatcher(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly PatchEngine engine;

    private MethodPatcher()
    {
        Platform.EnsureSupported();
        engine = new PatchEngine();
    }

    /// <summary>The process-wide engine. Throws <see cref="PlatformNotSupportedException"/> with a clear
    /// message on anything but Linux × x64 × CoreCLR with a known JIT-EE version.</summary>
    public static MethodPatcher Shared => Instance.Value;

    /// <summary>Checks, without changing anything in the process, that the engine can serve this platform and
    /// runtime version; throws <see cref="UnsupportedRuntimeException"/> with the reason when it cannot.</summary>
    public static void EnsureRuntimeSupported() => Platform.EnsureSupported();

    /// <summary>What Patch would do (dry run).</summary>
    public PatchPlan Plan(MethodBase method, ProbeKind probe = ProbeKind.Count) => engine.Plan(method, probe);

    /// <summary>Patches the method (idempotent: patching a patched method returns the existing handle).</summary>
    public PatchResult Patch(MethodBase method, ProbeKind probe = ProbeKind.Count) => engine.Patch(method, probe);

    /// <summary>Patches several methods at once: like <see cref="Patch"/> for each, in order, but the pause of the
    /// two-phase install is taken once for all of them (use it for a pattern that matches many methods).</summary>
    public IReadOnlyList<PatchResult> PatchAll(IEnumerable<MethodBase> methods, ProbeKind probe = ProbeKind.Count) =>
        engine.PatchAll([.. methods], probe);

    /// <summary>Removes the patch and restores the original code.</summary>
    public UnpatchResult Unpatch(MethodBase method) => engine.Unpatch(method);

    /// <summary>The live patch of a method, or null.</summary>
    public PatchedMethod? Find(MethodBase method) => engine.Find(method);

    /// <summary>Failures the engine swallowed so the app never saw them (the JIT hook must never throw into the JIT).
    /// Each one may mean a body that was not patched: surface them.</summary>
    public static EngineFaults Faults => new(
        JitHook.CallbackFailures,
        JitHook.Installed ? (long)NativeHelper.HookErrors() : 0,
        JitHook.LastCallbackFailure,
        Probes.ProbeFaults.Failures,
        Probes.ProbeFaults.LastFailure);

    /// <summary>Every counter read at once into <paramref name="reuse"/> (or a new snapshot): pass it to
    /// <see cref="PatchedMethod.ReadCalls(CounterSnapshot)"/>. Take it after listing the patches to read.</summary>
    public static CounterSnapshot ReadAllCounters(CounterSnapshot? reuse = null)
    {
        var snapshot = reuse ?? new CounterSnapshot();
        snapshot.Fill();
        return snapshot;
    }

    /// <summary>Every live patch.</summary>
    public IReadOnlyList<PatchedMethod> Patched => engine.Patched;

    /// <summary>Changes whenever a patch is added to or removed from <see cref="Patched"/>: the same value means the same
    /// list (read it before the list; a change in between shows as a new value next time).</summary>
    public long LiveVersion => engine.LiveVersion;

    /// <summary>Changes whenever any patch's <see cref="PatchedMethod.DescriptionVersion"/> does (a patch whose coverage
    /// is partial because of running frames changes only when read: watch those one by one).</summary>
    public static long DescriptionEpoch => Engine.LivePatch.DescriptionEpoch;
}

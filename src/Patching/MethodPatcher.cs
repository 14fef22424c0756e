using System.Reflection;

namespace Instr.Patching;

/// <summary>
/// The engine's public face: patch a method with a probe, unpatch it, ask what is patched.
/// One instance per process (<see cref="Shared"/>): it owns the process-wide JIT hook.
/// Thread-safe; every call may run while other threads execute the methods concerned.
/// Never throws for a method it cannot handle: it refuses with a reason instead.
/// </summary>
public sealed class MethodPatcher
{
    /// <summary>The process-wide engine. Throws <see cref="PlatformNotSupportedException"/> with a clear
    /// message on anything but Linux × x64 × CoreCLR with a known JIT-EE version.</summary>
    public static MethodPatcher Shared => throw new NotImplementedException("patch engine: not implemented yet");

    /// <summary>What Patch would do (dry run).</summary>
    public PatchPlan Plan(MethodBase method, ProbeKind probe = ProbeKind.Count) => throw new NotImplementedException();

    /// <summary>Patches the method (idempotent: patching a patched method returns the existing handle).</summary>
    public PatchResult Patch(MethodBase method, ProbeKind probe = ProbeKind.Count) => throw new NotImplementedException();

    /// <summary>Removes the patch and restores the original code.</summary>
    public UnpatchResult Unpatch(MethodBase method) => throw new NotImplementedException();

    /// <summary>The live patch of a method, or null.</summary>
    public PatchedMethod? Find(MethodBase method) => throw new NotImplementedException();

    /// <summary>Every live patch.</summary>
    public IReadOnlyList<PatchedMethod> Patched => throw new NotImplementedException();
}

using System.Reflection;

namespace Instr.Patching.Inlining;

/// <summary>
/// What the inlining analysis needs to know about compiled code. The engine implements it from its
/// compile registry (exact sizes, every body); <see cref="PrecodeCodeLookup"/> is a fallback that needs
/// nothing from the engine (current body only, size found by disassembly).
/// </summary>
public interface ICompiledCodeLookup
{
    /// <summary>
    /// Native bodies of <paramref name="method"/> that callers may be running: the current one and any
    /// older one still reachable (e.g. an OSR body). For a generic definition (or a method on a generic type
    /// definition): the bodies of every instantiation compiled so far. Empty when never compiled.
    /// <see cref="CodeRange.Size"/> is 0 when unknown.
    /// </summary>
    IReadOnlyList<CodeRange> BodiesOf(MethodBase method);

    /// <summary>
    /// Addresses a caller's call may target to enter <paramref name="method"/> without going through a body
    /// start: the stable entry point (precode), instantiating and unboxing stubs. Empty when unknown.
    /// </summary>
    IReadOnlyList<nint> EntryAddressesOf(MethodBase method);
}

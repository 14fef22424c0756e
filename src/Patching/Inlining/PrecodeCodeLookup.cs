using System.Reflection;
using Instr.Patching.Inlining.Native;

namespace Instr.Patching.Inlining;

/// <summary>
/// Compiled-code lookup that needs nothing from the engine: the method's stable entry point
/// (<see cref="RuntimeMethodHandle.GetFunctionPointer"/>, a FixupPrecode), followed through call-counting
/// and instantiating stubs to the current body. Sizes are unknown (the analysis disassembles to the end),
/// older bodies are not seen, and generic definitions have no entry of their own.
/// </summary>
public sealed class PrecodeCodeLookup : ICompiledCodeLookup, IDisposable
{
    /// <summary>A FixupPrecode whose method is not compiled yet jumps to its own second instruction (entry + 6).</summary>
    private const int PrecodeFallbackOffset = 6;

    private readonly ProcessMemory _memory = new();
    private readonly MachineCode _code;

    public PrecodeCodeLookup()
    {
        _code = new MachineCode(_memory);
    }

    public IReadOnlyList<CodeRange> BodiesOf(MethodBase method)
    {
        if (EntryOf(method) is not { } entry)
        {
            return [];
        }

        List<nint> hops = StubChain.Follow(_code, entry);
        if (hops.Contains(entry + PrecodeFallbackOffset) || hops.Count == 0)
        {
            return [];
        }

        return [new CodeRange(hops[^1], 0)];
    }

    public IReadOnlyList<nint> EntryAddressesOf(MethodBase method) => EntryOf(method) is { } entry ? [entry] : [];

    /// <summary>True when the method's stable entry point is a FixupPrecode that still leads to the prestub.</summary>
    internal bool IsNotCompiledYet(MethodBase method) =>
        EntryOf(method) is { } entry && StubChain.Follow(_code, entry).Contains(entry + PrecodeFallbackOffset);

    private static nint? EntryOf(MethodBase method)
    {
        if (method.IsAbstract || method.ContainsGenericParameters || method.DeclaringType is { ContainsGenericParameters: true })
        {
            return null;
        }

        try
        {
            nint entry = method.MethodHandle.GetFunctionPointer();
            return entry == 0 ? null : entry;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Asking for an entry point can load types; whatever fails there means "no entry known", never a crash.
            return null;
        }
    }

    public void Dispose() => _memory.Dispose();
}

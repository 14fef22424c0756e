using Instr.Patching.Platforms;
using Instr.Patching.Platforms.X64;

namespace Instr.Patching.Runtime.CoreClr;

/// <summary>Where a method's entry point leads right now.</summary>
/// <param name="Precode">The last FixupPrecode on the way (for shared generic code: the canonical method's), or 0.</param>
/// <param name="PrecodeSlot">Address of that precode's jump-target data slot (writable), or 0.</param>
/// <param name="PrecodeMethodDesc">The MethodDesc the precode passes to the prestub (for shared generic code this is
/// the canonical method), or 0.</param>
/// <param name="Body">Start of the compiled body the chain ends in, or 0 when it is not compiled yet.</param>
internal readonly record struct EntryChainEnd(nint Precode, nint PrecodeSlot, nint PrecodeMethodDesc, nint Body)
{
    public bool Compiled => Body != 0;
}

/// <summary>
/// Follows a method's entry point through the runtime's stubs to the body it currently runs: the engine's one stub
/// walker. Each hop's code is read by the architecture (<see cref="EntryStubShapes"/>: FixupPrecode, call-counting
/// stub, instantiating/unboxing stub, plain indirect jumps); which indirect jump is a FixupPrecode, where its
/// MethodDesc is and what "not compiled yet" looks like come from the runtime's row (<see cref="FixupPrecodeLayout"/>).
/// </summary>
internal static unsafe class EntryChain
{
    /// <summary>Real chains take a few hops (e.g. precode → instantiating stub → canonical precode → call-counting
    /// stub → body); the bound keeps a cycle or an unknown shape from looping: such a chain ends as "not compiled".</summary>
    private const int MaxHops = 8;

    public static EntryChainEnd Walk(nint entry)
    {
        var layout = Platform.Current.Runtime.Precode;
        nint precode = 0, slot = 0, methodDesc = 0;
        var address = entry;
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var step = EntryStubShapes.Read(address);
            if (step.Kind == EntryHopKind.Body)
            {
                return new EntryChainEnd(precode, slot, methodDesc, address);
            }

            if (step.Kind == EntryHopKind.IndirectJump && step.Cell == address + layout.DataOffset)
            {
                // Keep the precode closest to the body: for shared generic code that is the canonical method's.
                precode = address;
                slot = step.Cell;
                methodDesc = *(nint*)(step.Cell + layout.MethodDescInData);

                if (step.Next == address + layout.UncompiledTargetOffset)
                {
                    return new EntryChainEnd(precode, slot, methodDesc, 0);
                }
            }

            address = step.Next;
        }

        return new EntryChainEnd(precode, slot, methodDesc, 0);
    }
}

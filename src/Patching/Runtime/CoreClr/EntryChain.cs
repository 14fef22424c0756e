using Iced.Intel;
using Instr.Patching.Detours;

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
/// Follows a method's entry point through the runtime's stubs to the body it currently runs (CoreCLR 8, 9, 10 on x64):
/// FixupPrecode (<c>jmp [rip+0x3ffa]</c> into its data page, see <see cref="FixupPrecode"/>; target == precode+6 means "not compiled"),
/// call-counting stub (<c>mov rax,[rip+x]; dec word [rax]; je ..; jmp [rip+y]</c>), instantiating stub
/// and unboxing stub (<c>... mov rax,imm64; jmp rax</c>) and plain indirect jumps.
/// </summary>
internal static unsafe class EntryChain
{
    private const int MaxHops = 8;

    public static EntryChainEnd Walk(nint entry)
    {
        nint precode = 0, slot = 0, methodDesc = 0;
        var address = entry;
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var decoder = PointerCodeReader.DecoderAt(address, 64);
            var first = decoder.Decode();
            if (IsRipIndirectJump(first, out var cell))
            {
                var target = *(nint*)cell;
                if (cell == address + FixupPrecode.DataOffset)
                {
                    // Keep the precode closest to the body: for shared generic code that is the canonical method's.
                    precode = address;
                    slot = cell;
                    methodDesc = *(nint*)(cell + FixupPrecode.MethodDescDataOffset);

                    if (target == address + FixupPrecode.UncompiledTargetOffset)
                    {
                        return new EntryChainEnd(precode, slot, methodDesc, 0);
                    }
                }

                address = target;
                continue;
            }

            if (TryFollowCallCountingStub(first, decoder, out var next) || TryFollowRegisterJump(first, decoder, out next))
            {
                address = next;
                continue;
            }

            return new EntryChainEnd(precode, slot, methodDesc, address);
        }

        return new EntryChainEnd(precode, slot, methodDesc, 0);
    }

    private static bool IsRipIndirectJump(in Instruction instruction, out nint cell)
    {
        cell = 0;
        if (instruction.Code != Code.Jmp_rm64 || instruction.Op0Kind != OpKind.Memory || !instruction.IsIPRelativeMemoryOperand)
        {
            return false;
        }

        cell = (nint)instruction.IPRelativeMemoryAddress;
        return true;
    }

    private static bool TryFollowCallCountingStub(in Instruction first, Decoder decoder, out nint next)
    {
        next = 0;
        if (first.Code != Code.Mov_r64_rm64 || first.Op0Register != Register.RAX || !first.IsIPRelativeMemoryOperand)
        {
            return false;
        }

        var second = decoder.Decode();
        if (second.Code != Code.Dec_rm16 || second.MemoryBase != Register.RAX)
        {
            return false;
        }

        for (var i = 0; i < 3; i++)
        {
            var instruction = decoder.Decode();
            if (IsRipIndirectJump(instruction, out var cell))
            {
                next = *(nint*)cell;
                return true;
            }
        }

        return false;
    }

    private static bool TryFollowRegisterJump(in Instruction first, Decoder decoder, out nint next)
    {
        // Instantiating stubs: a few register moves, then mov rax,imm64; jmp rax.
        next = 0;
        var instruction = first;
        ulong raxValue = 0;
        for (var i = 0; i < 6; i++)
        {
            if (instruction.Code == Code.Mov_r64_imm64 && instruction.Op0Register == Register.RAX)
            {
                raxValue = instruction.GetImmediate(1);
            }
            else if (instruction.Code == Code.Jmp_rm64 && instruction.Op0Kind == OpKind.Register && instruction.Op0Register == Register.RAX && raxValue != 0)
            {
                next = (nint)raxValue;
                return true;
            }
            else if (!IsRegisterShuffle(instruction))
            {
                return false;
            }

            instruction = decoder.Decode();
        }

        return false;
    }

    // Register moves of instantiating stubs, and the `add rdi,8` of unboxing stubs (struct methods called
    // through an interface or object), which then jump to the real method's entry.
    private static bool IsRegisterShuffle(in Instruction instruction) =>
        ((instruction.Code is Code.Mov_r64_rm64 or Code.Mov_rm64_r64 or Code.Mov_r64_imm64 or Code.Lea_r64_m)
         && !instruction.IsIPRelativeMemoryOperand
         && instruction.MemoryBase != Register.RSP)
        || (instruction.Code == Code.Add_rm64_imm8 && instruction.Op0Kind == OpKind.Register && instruction.Op0Register == Register.RDI);
}

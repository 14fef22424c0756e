using Iced.Intel;

namespace Instr.Patching.Platforms.X64;

/// <summary>One step along a method's entry point, read from the x64 code there.</summary>
/// <param name="Kind">What the code at the address is.</param>
/// <param name="Next">Where it jumps to (for <see cref="EntryHopKind.IndirectJump"/>: the value in its cell).</param>
/// <param name="Cell">For <see cref="EntryHopKind.IndirectJump"/>: the data cell the jump reads its target from.</param>
internal readonly record struct EntryHop(EntryHopKind Kind, nint Next, nint Cell);

internal enum EntryHopKind
{
    /// <summary>Not a stub: the code is a method body (or something the walk does not follow).</summary>
    Body,

    /// <summary><c>jmp [rip+x]</c>: a FixupPrecode (when the cell is at the runtime's precode data offset) or
    /// another indirect jump stub.</summary>
    IndirectJump,

    /// <summary>A call-counting stub, followed to the code it counts for.</summary>
    CallCountingStub,

    /// <summary>An instantiating or unboxing stub, followed to the method it calls.</summary>
    RegisterJump,
}

/// <summary>
/// The shapes of CoreCLR's entry stubs on x64 (the same on .NET 8, 9 and 10), recognised one hop at a time; the
/// walk itself and what the runtime keeps in a precode's data are the runtime's (<c>Runtime/CoreClr/EntryChain</c>).
/// <list type="bullet">
/// <item>FixupPrecode: <c>jmp [rip+data]; mov r10,[rip+data+8]; jmp [rip+..]</c> (an indirect jump).</item>
/// <item>Call-counting stub: <c>mov rax,[rip+x]; dec word [rax]; je ..; jmp [rip+y]</c>.</item>
/// <item>Instantiating and unboxing stubs: register moves (or <c>add rdi,8</c>), then <c>mov rax,imm64; jmp rax</c>.</item>
/// </list>
/// </summary>
internal static unsafe class EntryStubShapes
{
    /// <summary>Bytes read at one address: every stub shape above fits.</summary>
    private const int ReadLimit = 64;

    public static EntryHop Read(nint address)
    {
        var decoder = PointerCodeReader.DecoderAt(address, ReadLimit);
        var first = decoder.Decode();
        if (IsRipIndirectJump(first, out var cell))
        {
            return new EntryHop(EntryHopKind.IndirectJump, *(nint*)cell, cell);
        }

        if (TryFollowCallCountingStub(first, decoder, out var next))
        {
            return new EntryHop(EntryHopKind.CallCountingStub, next, 0);
        }

        if (TryFollowRegisterJump(first, decoder, out next))
        {
            return new EntryHop(EntryHopKind.RegisterJump, next, 0);
        }

        return new EntryHop(EntryHopKind.Body, 0, 0);
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

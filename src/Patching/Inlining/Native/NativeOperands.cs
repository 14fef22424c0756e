using Iced.Intel;

namespace Instr.Patching.Inlining.Native;

/// <summary>Resolves where a call or jump goes, from its operand and, for a register, the instruction that loaded it.</summary>
internal static class NativeOperands
{
    /// <summary>How far back a register load is looked for before a <c>call reg</c>.</summary>
    private const int MaxLookBack = 12;

    /// <summary>The target of the call/jump at <paramref name="index"/>, or null when it depends on run-time data (a vtable, a stub's cell).</summary>
    public static nint? JumpOrCallTarget(ProcessMemory memory, List<Instruction> instructions, int index)
    {
        Instruction instruction = instructions[index];
        switch (instruction.Op0Kind)
        {
            case OpKind.NearBranch64:
                return (nint)instruction.NearBranch64;
            case OpKind.Memory when instruction.IsIPRelativeMemoryOperand:
                return memory.TryReadPointer((nint)instruction.IPRelativeMemoryAddress, out nint value) ? value : null;
            case OpKind.Memory when instruction.MemoryIndex == Register.None
                && ConstantIn(memory, instructions, index, instruction.MemoryBase) is { } baseAddress:
                return memory.TryReadPointer(baseAddress + (nint)(long)instruction.MemoryDisplacement64, out nint cellValue) ? cellValue : null;
            case OpKind.Register:
                return ConstantIn(memory, instructions, index, instruction.Op0Register);
            default:
                return null;
        }
    }

    /// <summary>The cell a <c>call [rip+cell]</c> reads, or null for other operand forms.</summary>
    public static nint? CellOf(Instruction instruction) =>
        instruction.Op0Kind == OpKind.Memory && instruction.IsIPRelativeMemoryOperand ? (nint)instruction.IPRelativeMemoryAddress : null;

    /// <summary>
    /// The constant a register holds just before <paramref name="index"/>: loaded by <c>mov reg,imm64</c>,
    /// <c>mov reg,[rip+cell]</c> or <c>lea reg,[rip+x]</c> a few instructions earlier, with nothing in between
    /// writing it. Null when the value is computed at run time.
    /// </summary>
    private static nint? ConstantIn(ProcessMemory memory, List<Instruction> instructions, int index, Register register)
    {
        if (register == Register.None || register == Register.RIP)
        {
            return null;
        }

        Register full = register.GetFullRegister();
        for (int i = index - 1; i >= 0 && i >= index - MaxLookBack; i--)
        {
            Instruction candidate = instructions[i];
            if (candidate.FlowControl != FlowControl.Next)
            {
                return null;
            }

            if (candidate.Op0Kind != OpKind.Register || candidate.Op0Register.GetFullRegister() != full
                || candidate.Mnemonic is Mnemonic.Cmp or Mnemonic.Test or Mnemonic.Bt)
            {
                continue;
            }

            if (candidate.Code == Code.Mov_r64_imm64)
            {
                return (nint)candidate.Immediate64;
            }

            if (candidate.Mnemonic == Mnemonic.Lea && candidate.IsIPRelativeMemoryOperand)
            {
                return (nint)candidate.IPRelativeMemoryAddress;
            }

            if (candidate.Mnemonic == Mnemonic.Mov && candidate.Op1Kind == OpKind.Memory && candidate.IsIPRelativeMemoryOperand
                && memory.TryReadPointer((nint)candidate.IPRelativeMemoryAddress, out nint value))
            {
                return value;
            }

            return null;
        }

        return null;
    }
}

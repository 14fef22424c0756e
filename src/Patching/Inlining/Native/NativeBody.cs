using Iced.Intel;

namespace Instr.Patching.Inlining.Native;

/// <summary>One call (or tail-call jump) leaving a compiled body.</summary>
/// <param name="At">Address of the call instruction.</param>
/// <param name="Hops">Where it goes: the target and every stub followed from it (empty when it depends on run-time data).</param>
/// <param name="Cell">The memory cell a <c>call [rip+cell]</c> reads, if any.</param>
/// <param name="IsDispatch">True for a virtual or interface dispatch (through a vtable or a dispatch cell): its target is chosen at run time.</param>
internal sealed record NativeCall(nint At, IReadOnlyList<nint> Hops, nint? Cell, bool IsDispatch);

/// <summary>What a compiled body calls and which 64-bit constants it uses (type handles of guarded devirtualization, function addresses).</summary>
internal sealed record NativeBody(CodeRange Range, int InstructionCount, IReadOnlyList<NativeCall> Calls, IReadOnlySet<nint> Constants)
{
    public static NativeBody Read(MachineCode code, CodeRange range)
    {
        List<Instruction> instructions = BodyExtent.Disassemble(code, range);
        var calls = new List<NativeCall>();
        var constants = new HashSet<nint>();
        ulong start = (ulong)range.Start;
        ulong end = instructions.Count == 0 ? start : instructions[^1].NextIP;
        for (int i = 0; i < instructions.Count; i++)
        {
            Instruction instruction = instructions[i];
            CollectConstants(code.Memory, instruction, constants);
            if (!LeavesBody(instruction, start, end))
            {
                continue;
            }

            bool dispatch = instruction.Op0Kind == OpKind.Memory && !instruction.IsIPRelativeMemoryOperand;
            nint? target = NativeOperands.JumpOrCallTarget(code.Memory, instructions, i);
            IReadOnlyList<nint> hops = target is { } first ? StubChain.Follow(code, first) : [];
            dispatch |= target is null;
            calls.Add(new NativeCall((nint)instruction.IP, hops, NativeOperands.CellOf(instruction), dispatch));
        }

        return new NativeBody(new CodeRange(range.Start, (int)(end - start)), instructions.Count, calls, constants);
    }

    /// <summary>Calls, and jumps whose target lies outside the body (tail calls).</summary>
    private static bool LeavesBody(Instruction instruction, ulong start, ulong end) => instruction.FlowControl switch
    {
        FlowControl.Call or FlowControl.IndirectCall => true,
        FlowControl.UnconditionalBranch => instruction.Op0Kind == OpKind.NearBranch64
            && (instruction.NearBranch64 < start || instruction.NearBranch64 >= end),
        FlowControl.IndirectBranch => instruction.Op0Kind == OpKind.Memory,
        _ => false,
    };

    private static void CollectConstants(ProcessMemory memory, Instruction instruction, HashSet<nint> constants)
    {
        if (instruction.Code == Code.Mov_r64_imm64)
        {
            constants.Add((nint)instruction.Immediate64);
        }
        else if (instruction.IsIPRelativeMemoryOperand && instruction.FlowControl == FlowControl.Next
            && instruction.MemorySize is MemorySize.UInt64 or MemorySize.Int64
            && memory.TryReadPointer((nint)instruction.IPRelativeMemoryAddress, out nint value))
        {
            constants.Add(value);
        }
    }
}

using Iced.Intel;

namespace Instr.Patching.Inlining.Native;

/// <summary>
/// Finds where a JIT-compiled body ends when nobody recorded its size: a linear sweep that stops at an
/// unconditional exit (ret, jmp, int3, ud2) once no forward branch seen so far lands beyond it, or where
/// the body's read-only data (jump tables, constants addressed rip-relative) begins.
/// </summary>
internal static class BodyExtent
{
    /// <summary>Upper bound for one body; JIT bodies beyond this are extremely rare and the sweep stops there.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static List<Instruction> Disassemble(MachineCode code, CodeRange body)
    {
        if (body.HasKnownSize)
        {
            ulong end = (ulong)body.Start + (ulong)body.Size;
            return code.Decode(body.Start, body.Size, instruction => instruction.NextIP < end);
        }

        ulong start = (ulong)body.Start;
        ulong furthestTarget = start;
        ulong dataStart = ulong.MaxValue;
        bool afterIndirectJump = false;
        return code.Decode(body.Start, MaxBodyBytes, instruction =>
        {
            if (instruction.IsIPRelativeMemoryOperand && instruction.FlowControl == FlowControl.Next
                && instruction.IPRelativeMemoryAddress > start && instruction.IPRelativeMemoryAddress < dataStart
                && instruction.IPRelativeMemoryAddress - start < MaxBodyBytes)
            {
                dataStart = instruction.IPRelativeMemoryAddress;
            }

            if (instruction.FlowControl is FlowControl.ConditionalBranch or FlowControl.UnconditionalBranch
                && instruction.Op0Kind is OpKind.NearBranch64 && instruction.NearBranch64 > furthestTarget
                && instruction.NearBranch64 - start < MaxBodyBytes)
            {
                furthestTarget = instruction.NearBranch64;
            }

            if (instruction.NextIP >= dataStart)
            {
                return false;
            }

            if (instruction.FlowControl == FlowControl.IndirectBranch && instruction.Op0Kind == OpKind.Register)
            {
                // A switch through a jump table: its cases follow and are not visible as branch targets.
                afterIndirectJump = true;
                return true;
            }

            // jmp [cell] is a tail call: it leaves the body like a ret.
            bool exits = instruction.FlowControl is FlowControl.Return or FlowControl.UnconditionalBranch
                or FlowControl.IndirectBranch or FlowControl.Interrupt or FlowControl.Exception;
            if (!exits || instruction.NextIP <= furthestTarget)
            {
                return true;
            }

            if (afterIndirectJump)
            {
                afterIndirectJump = false;
                return true;
            }

            return false;
        });
    }
}

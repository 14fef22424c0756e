using Iced.Intel;

namespace Instr.Patching.Inlining.Native;

/// <summary>
/// Follows the runtime's small forwarding stubs from an address to where they lead: FixupPrecode
/// (<c>jmp [rip+cell]</c>), call-counting stubs (<c>mov rax,[..]; dec word [rax]; je ..; jmp [..]</c>),
/// instantiating/unboxing stubs and jump stubs (a few register moves, then <c>jmp</c> to a constant).
/// Returns every address visited, the first one included.
/// </summary>
internal static class StubChain
{
    private const int MaxHops = 6;
    private const int MaxStubInstructions = 8;
    private const int MaxStubBytes = 64;

    public static List<nint> Follow(MachineCode code, nint address)
    {
        var hops = new List<nint> { address };
        for (int hop = 0; hop < MaxHops; hop++)
        {
            if (NextHop(code, hops[^1]) is not { } next || hops.Contains(next))
            {
                break;
            }

            hops.Add(next);
        }

        return hops;
    }

    /// <summary>Where the stub at <paramref name="address"/> jumps, or null when it is not a stub (a real body).</summary>
    private static nint? NextHop(MachineCode code, nint address)
    {
        List<Instruction> instructions = code.Decode(address, MaxStubBytes, instruction =>
            instruction.FlowControl is FlowControl.Next or FlowControl.ConditionalBranch);
        if (instructions.Count == 0 || instructions.Count > MaxStubInstructions)
        {
            return null;
        }

        Instruction last = instructions[^1];
        if (last.FlowControl is not (FlowControl.UnconditionalBranch or FlowControl.IndirectBranch))
        {
            return null;
        }

        for (int i = 0; i < instructions.Count - 1; i++)
        {
            // The only branch a forwarding stub may contain is the call-counting stub's "counter hit zero" exit.
            if (instructions[i].FlowControl == FlowControl.ConditionalBranch && !IsCallCountingExit(instructions, i))
            {
                return null;
            }

            if (instructions[i].FlowControl is not (FlowControl.Next or FlowControl.ConditionalBranch))
            {
                return null;
            }
        }

        return NativeOperands.JumpOrCallTarget(code.Memory, instructions, instructions.Count - 1);
    }

    private static bool IsCallCountingExit(List<Instruction> instructions, int index) =>
        index >= 1 && instructions[index - 1].Mnemonic == Mnemonic.Dec && instructions[index].Mnemonic == Mnemonic.Je;
}

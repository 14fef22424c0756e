using Iced.Intel;

namespace Instr.Patching.Platforms.X64;

/// <summary>The first whole instructions of a body that a 5-byte jump will overwrite, or why it cannot.</summary>
/// <remarks>
/// A prefix may end with a call (Tier0 bodies often call a helper right after the frame setup). The stub cannot run
/// that call from its own copy (the return address would point into the stub, where the runtime cannot unwind), so it
/// replays it: it pushes the return address the original call would have pushed — just past the call, inside the
/// original body, beyond the 5 overwritten bytes — and jumps to the call's target. The callee returns into the
/// original body exactly as if it had been called from there, and every stack walk sees the original frame.
/// </remarks>
internal sealed unsafe record PrefixAnalysis(IReadOnlyList<Instruction> Instructions, int Length, string? Problem)
{
    /// <summary>The prefix's bytes as they were when analysed (read where the code was decoded from).</summary>
    public byte[] Bytes { get; private init; } = [];

    /// <summary>Bytes the detour's jump overwrites at the body start (a <c>jmp rel32</c>).</summary>
    public const int JumpLength = X64Jumps.RelativeJumpLength;

    /// <summary>True when the last instruction of the prefix is a call the stub replays (see remarks).</summary>
    public bool EndsWithCall => Instructions.Count > 0 && Instructions[^1].FlowControl is FlowControl.Call or FlowControl.IndirectCall;

    public bool CanDetour => Problem is null;

    /// <summary>No relocated instructions: the stub's trampoline just jumps to the body (precode-only route).</summary>
    public static PrefixAnalysis Empty { get; } = new([], 0, null);

    /// <summary>Decodes the prefix of the body that will run at <paramref name="code"/>, reading its bytes at
    /// <paramref name="readFrom"/> (the JIT's writable copy, or the code itself).</summary>
    /// <param name="knownSize">The body's size when the compile registry knows it, else 0.</param>
    /// <param name="roomAfterBody">Bytes after the body that are ours to overwrite (the hook asks the JIT for extra
    /// room), so a body shorter than a jump can still take one.</param>
    public static PrefixAnalysis Analyze(nint code, nint readFrom, int knownSize, int roomAfterBody)
    {
        if (!X64Jumps.AtomicWriteFits(code))
        {
            return Refuse("body start too close to a cache-line end for an atomic 8-byte write");
        }

        var decoder = PointerCodeReader.DecoderAt(readFrom, 64, code);
        var instructions = new List<Instruction>();
        var length = 0;
        while (length < JumpLength)
        {
            var instruction = decoder.Decode();
            if (instruction.IsInvalid)
            {
                return Refuse("undecodable instruction at the body start");
            }

            if (instruction.FlowControl is FlowControl.Call or FlowControl.IndirectCall)
            {
                // Replayed by the stub with the original return address (see remarks): that address must lie past
                // the bytes the jump overwrites, and only plain near calls can be turned into a jump.
                if (instruction.Code is not (Code.Call_rel32_64 or Code.Call_rm64))
                {
                    return Refuse($"the body starts with a call the stub cannot replay ({instruction.Code})");
                }

                if (length + instruction.Length < JumpLength)
                {
                    return Refuse("the body starts with a call that returns inside the bytes a jump would overwrite");
                }

                instructions.Add(instruction);
                length += instruction.Length;
                break;
            }

            instructions.Add(instruction);
            length += instruction.Length;
            var endsFlow = instruction.FlowControl is FlowControl.Return or FlowControl.UnconditionalBranch
                or FlowControl.IndirectBranch or FlowControl.Interrupt or FlowControl.Exception;
            if (endsFlow && length < JumpLength)
            {
                var available = (knownSize > 0 ? knownSize : length) + roomAfterBody;
                if (knownSize <= 0 || knownSize > length || available < JumpLength)
                {
                    return Refuse($"method body shorter than a jump ({length} bytes)");
                }

                break;
            }
        }

        if (knownSize > 0 && length > knownSize + roomAfterBody)
        {
            return Refuse($"method body shorter than a jump ({knownSize} bytes)");
        }

        if (knownSize > 0 && HasBranchIntoPrefix(code, readFrom, knownSize, length))
        {
            return Refuse("a branch in the body targets its first instructions");
        }

        return new PrefixAnalysis(instructions, length, null) { Bytes = new ReadOnlySpan<byte>((void*)readFrom, length).ToArray() };
    }

    private static PrefixAnalysis Refuse(string problem) => new([], 0, problem);

    private static bool HasBranchIntoPrefix(nint code, nint readFrom, int size, int prefixLength)
    {
        var decoder = PointerCodeReader.DecoderAt(readFrom, size, code);
        var start = (ulong)code;
        while (decoder.IP < start + (ulong)size)
        {
            var instruction = decoder.Decode();
            if (instruction.IsInvalid)
            {
                break;
            }

            if (instruction.Op0Kind is OpKind.NearBranch64)
            {
                var target = instruction.NearBranchTarget;
                if (target > start && target < start + (ulong)prefixLength)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

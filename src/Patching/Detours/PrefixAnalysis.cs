using Iced.Intel;

namespace Instr.Patching.Detours;

/// <summary>The first whole instructions of a body that a 5-byte jump will overwrite, or why it cannot.</summary>
internal sealed record PrefixAnalysis(IReadOnlyList<Instruction> Instructions, int Length, string? Problem)
{
    public const int JumpLength = 5;

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
        if ((code & 63) > 56)
        {
            return Refuse("body start too close to a cache-line end for an atomic 8-byte write");
        }

        var decoder = Decoder.Create(64, new PointerCodeReader(readFrom, 64), (ulong)code, DecoderOptions.None);
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
                // A call from the relocated copy would leave a return address the runtime cannot unwind.
                return Refuse("the body starts with a call");
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

        return new PrefixAnalysis(instructions, length, null);
    }

    private static PrefixAnalysis Refuse(string problem) => new([], 0, problem);

    private static bool HasBranchIntoPrefix(nint code, nint readFrom, int size, int prefixLength)
    {
        var decoder = Decoder.Create(64, new PointerCodeReader(readFrom, size), (ulong)code, DecoderOptions.None);
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

using Iced.Intel;

namespace Instr.Patching.Platforms.X64;

/// <summary>Encodes decoded or built x64 instructions for a new address (rip-relative operands and branches are
/// re-targeted by Iced's block encoder), e.g. a body's first instructions relocated into a stub.</summary>
internal static class InstructionEncoder
{
    public static byte[]? TryEncodeAt(nint at, IList<Instruction> instructions, out string? error)
    {
        var writer = new ByteListWriter();
        var block = new InstructionBlock(writer, instructions, (ulong)at);
        if (!BlockEncoder.TryEncode(64, block, out error, out _))
        {
            return null;
        }

        return [.. writer.Bytes];
    }

    private sealed class ByteListWriter : CodeWriter
    {
        public List<byte> Bytes { get; } = [];

        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}

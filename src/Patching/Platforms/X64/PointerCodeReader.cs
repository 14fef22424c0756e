using Iced.Intel;

namespace Instr.Patching.Platforms.X64;

/// <summary>Feeds Iced's decoder straight from memory, one byte at a time, so decoding never reads past what it
/// needs (a stub can end right before an unmapped page). Every x64 decode in the engine starts here.</summary>
internal sealed unsafe class PointerCodeReader(nint address, int limit) : CodeReader
{
    private int position;

    public override int ReadByte()
    {
        if (position >= limit)
        {
            return -1;
        }

        return ((byte*)address)[position++];
    }

    /// <summary>A 64-bit decoder over at most <paramref name="limit"/> bytes at <paramref name="address"/>.</summary>
    public static Decoder DecoderAt(nint address, int limit) => DecoderAt(address, limit, address);

    /// <summary>Decodes bytes read at <paramref name="readFrom"/> as the code that runs at <paramref name="runsAt"/>
    /// (the JIT's writable copy of a body, decoded with the body's own addresses).</summary>
    public static Decoder DecoderAt(nint readFrom, int limit, nint runsAt) =>
        Decoder.Create(64, new PointerCodeReader(readFrom, limit), (ulong)runsAt, DecoderOptions.None);

    /// <summary>Length of the one instruction at <paramref name="address"/>.</summary>
    public static int InstructionLength(nint address) => DecoderAt(address, 16).Decode().Length;
}

using Iced.Intel;

namespace Instr.Patching.Detours;

/// <summary>Feeds Iced's decoder straight from memory, one byte at a time, so decoding never reads past what it
/// needs (a stub can end right before an unmapped page).</summary>
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

    public static Decoder DecoderAt(nint address, int limit = 4096)
    {
        var decoder = Decoder.Create(64, new PointerCodeReader(address, limit), (ulong)address, DecoderOptions.None);
        return decoder;
    }
}

using System.Buffers.Binary;

namespace Instr.Patching.Platforms.X64;

/// <summary>
/// The x64 jumps the engine writes into code and stubs, and the rule for writing them atomically. Detours and
/// redirects are built from these, so their sizes and reach are one fact each.
/// </summary>
internal static class X64Jumps
{
    /// <summary><c>jmp rel32</c>: reaches ±2 GB, so stubs must be allocated within that range of the code.</summary>
    public const int RelativeJumpLength = 5;

    /// <summary><c>jmp rel8</c>: reaches -128..127 bytes past its end.</summary>
    public const int ShortJumpLength = 2;

    /// <summary><c>jmp [rip+0]; dq target</c>: reaches anywhere, from a stub that is not near its target.</summary>
    public const int AbsoluteJumpLength = 14;

    /// <summary>Code changes are made as one 8-byte compare-and-swap; x64 makes it atomic for instruction fetch
    /// only when the 8 bytes do not cross a cache line (64 bytes). The native helper refuses such a write too.</summary>
    public const int AtomicWriteLength = 8;

    private const int CacheLine = 64;

    private const byte JmpRel32 = 0xE9;
    private const byte JmpRel8 = 0xEB;
    private const byte Nop = 0x90;

    /// <summary>True when the code at <paramref name="code"/> starts with a <c>jmp rel32</c> (the engine's detour jump:
    /// how a body copied into place by the runtime is recognised as published with its detour).</summary>
    public static unsafe bool StartsWithRelativeJump(nint code) => *(byte*)code == JmpRel32;

    /// <summary>True when an <see cref="AtomicWriteLength"/>-byte write at <paramref name="address"/> stays inside one cache line.</summary>
    public static bool AtomicWriteFits(nint address) => (address & (CacheLine - 1)) <= CacheLine - AtomicWriteLength;

    /// <summary>Writes <c>jmp rel32</c> at the start of <paramref name="into"/>, for code that runs at <paramref name="at"/>.</summary>
    public static void WriteRelativeJump(Span<byte> into, nint at, nint target)
    {
        into[0] = JmpRel32;
        BinaryPrimitives.WriteInt32LittleEndian(into[1..], checked((int)(target - (at + RelativeJumpLength))));
    }

    public static byte[] RelativeJump(nint at, nint target)
    {
        var jump = new byte[RelativeJumpLength];
        WriteRelativeJump(jump, at, target);
        return jump;
    }

    /// <summary>True when a <c>jmp rel32</c> at <paramref name="at"/> reaches <paramref name="target"/>.</summary>
    public static bool RelativeJumpReaches(nint at, nint target) => (long)target - ((long)at + RelativeJumpLength) is >= int.MinValue and <= int.MaxValue;

    /// <summary>True when a <c>jmp rel8</c> at <paramref name="at"/> reaches <paramref name="target"/>.</summary>
    public static bool ShortJumpReaches(nint at, nint target) => target - (at + ShortJumpLength) is >= sbyte.MinValue and <= sbyte.MaxValue;

    /// <summary>Writes <c>jmp rel8</c> at the start of <paramref name="into"/>, then nops up to <paramref name="replacedLength"/>
    /// (the rest of the instruction it replaces: never executed, the jump skips it).</summary>
    public static void WriteShortJump(Span<byte> into, nint at, nint target, int replacedLength)
    {
        into[0] = JmpRel8;
        into[1] = unchecked((byte)(sbyte)(target - (at + ShortJumpLength)));
        into[ShortJumpLength..replacedLength].Fill(Nop);
    }

    /// <summary>Writes <c>jmp [rip+0]; dq target</c> at the start of <paramref name="into"/>.</summary>
    public static void WriteAbsoluteJump(Span<byte> into, nint target)
    {
        into[0] = 0xFF;
        into[1] = 0x25;
        BinaryPrimitives.WriteInt32LittleEndian(into[2..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(into[6..], target);
    }
}

namespace Instr.Patching.Runtime.CoreClr;

/// <summary>
/// The FixupPrecode, a method's stable entry point on x64 (<c>jmp [rip+data]; mov r10,[rip+data+8]; jmp [..]</c>):
/// its data (jump target, then MethodDesc) sits <see cref="DataOffset"/> bytes past the code, on a writable page.
/// The offset is the running runtime's row of <see cref="JitInterfaceTable"/>; the engine refuses a runtime without
/// a row, so the fallback is only what code outside the engine (tests, analysis) sees there.
/// </summary>
internal static class FixupPrecode
{
    /// <summary>Size of one precode; a hop inside one (its not-yet-compiled path) still means that method.</summary>
    public const int Size = 24;

    /// <summary>Until the method is compiled the jump target is the precode's own second instruction.</summary>
    public const int UncompiledTargetOffset = 6;

    /// <summary>Offset of the MethodDesc in the precode's data, after the 8-byte jump target.</summary>
    public const int MethodDescDataOffset = 8;

    public static readonly int DataOffset = JitInterfaceTable.Running(out _)?.FixupPrecodeDataOffset ?? 0x4000;

    /// <summary>The opening bytes of a FixupPrecode: <c>jmp [rip+DataOffset-6]; mov r10,[rip+..]</c>.</summary>
    public static readonly byte[] Start = [0xFF, 0x25, (byte)(DataOffset - 6), (byte)((DataOffset - 6) >> 8), 0x00, 0x00, 0x4C, 0x8B, 0x15];
}

using System.Buffers.Binary;
using Instr.Patching.Interop;
using Instr.Patching.Platforms.X64;

namespace Instr.Patching.Detours;

/// <summary>
/// One body's detour: a 5-byte <c>jmp stub</c> over the body's first instructions. The stub (and its trampoline)
/// is never freed, because a thread may still be inside it; re-patching the same unchanged body reuses it.
/// </summary>
internal sealed unsafe class BodyDetour(nint code, nint stub, int slot, byte[] originalFirstBytes)
{
    /// <summary>Where the body runs (its final, executable address).</summary>
    public nint Code { get; } = code;

    public nint Stub { get; } = stub;

    public int Slot { get; } = slot;

    /// <summary>Where the stub diverts after counting (a probe's managed wrapper); 0 for a counting-only stub.</summary>
    public nint Diverted { get; init; }

    /// <summary>The body's first instructions as analysed before the jump replaced them (null for detours made before
    /// it was kept): what a new stub for the same body relocates when the patch switches probes.</summary>
    public PrefixAnalysis? Prefix { get; init; }

    /// <summary>Points the body's jump at another stub for the same slot (one 8-byte CAS: a call takes either stub,
    /// each counts it once). Returns the new detour, or null when the body does not start with this jump now
    /// (not published yet, or changed).</summary>
    public BodyDetour? TryRetargetLive(nint stub, nint diverted)
    {
        var next = new BodyDetour(Code, stub, Slot, OriginalFirstBytes) { Diverted = diverted, Prefix = Prefix };
        if (!TrySwapFirstBytes(JumpBytes(), next.JumpBytes()))
        {
            return null;
        }

        Installed = false;
        next.Installed = true;
        return next;
    }

    /// <summary>The body's first <see cref="PrefixAnalysis.JumpLength"/> bytes before the patch.</summary>
    public byte[] OriginalFirstBytes { get; } = originalFirstBytes;

    public bool Installed { get; set; }

    public byte[] JumpBytes() => X64Jumps.RelativeJump(Code, Stub);

    /// <summary>Writes the jump into a body that is not published yet (the JIT's writable copy).</summary>
    public void WriteIntoUnpublishedCopy(nint writableCopy)
    {
        JumpBytes().CopyTo(new Span<byte>((void*)writableCopy, PrefixAnalysis.JumpLength));
        Installed = true;
    }

    /// <summary>Atomically swaps the body's first bytes for the jump (one 8-byte compare-and-swap).</summary>
    public bool TryInstallLive() => Installed = TrySwapFirstBytes(OriginalFirstBytes, JumpBytes());

    /// <summary>Atomically puts the original first bytes back, byte for byte.</summary>
    public bool TryRestoreLive()
    {
        if (!TrySwapFirstBytes(JumpBytes(), OriginalFirstBytes))
        {
            return false;
        }

        Installed = false;
        return true;
    }

    /// <summary>True when the body currently starts with this detour's jump.</summary>
    public bool IsJumpPresent() => new ReadOnlySpan<byte>((void*)Code, PrefixAnalysis.JumpLength).SequenceEqual(JumpBytes());

    /// <summary>The 8-byte write that installs the jump (current bytes, new bytes), or null when the body no longer
    /// starts with its original bytes. For writers that make the write themselves (e.g. with the runtime suspended);
    /// call <see cref="MarkInstalled"/> once it is done.</summary>
    public (ulong Expected, ulong Desired)? PlanInstall() => PlanSwap(OriginalFirstBytes, JumpBytes());

    public void MarkInstalled() => Installed = true;

    private bool TrySwapFirstBytes(byte[] expectedFirst, byte[] desiredFirst) =>
        PlanSwap(expectedFirst, desiredFirst) is { } swap && NativeHelper.CodeCas8((ulong*)Code, swap.Expected, swap.Desired) == 0;

    private (ulong Expected, ulong Desired)? PlanSwap(byte[] expectedFirst, byte[] desiredFirst)
    {
        var current = *(ulong*)Code;
        Span<byte> expected = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(expected, current);
        if (!expected[..PrefixAnalysis.JumpLength].SequenceEqual(expectedFirst))
        {
            return null;
        }

        Span<byte> desired = stackalloc byte[8];
        expected.CopyTo(desired);
        desiredFirst.CopyTo(desired);
        return (current, BinaryPrimitives.ReadUInt64LittleEndian(desired));
    }
}

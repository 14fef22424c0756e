namespace Instr.Patching.Inlining;

/// <summary>A native code body: its start and its size in bytes (0 when the size is unknown).</summary>
public readonly record struct CodeRange(nint Start, int Size)
{
    public bool HasKnownSize => Size > 0;

    public bool Contains(nint address) => HasKnownSize && address >= Start && address < Start + Size;
}

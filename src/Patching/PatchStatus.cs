namespace Instr.Patching;

/// <summary>Whether a patch is live and whether its count can be trusted: data, so nobody has to read notes for it.</summary>
public enum PatchStatus
{
    /// <summary>Live, and every call is counted.</summary>
    Patched,

    /// <summary>Live, but some calls are not counted (<see cref="PatchedMethod.Coverage"/> says which and why).</summary>
    PartiallyCovered,

    /// <summary>Removed; its last count stays readable.</summary>
    Unpatched,
}

/// <summary>A patch's status with its reason (set only for <see cref="PatchStatus.PartiallyCovered"/>), read together
/// so the two always agree.</summary>
public readonly record struct PatchStatusReading(PatchStatus Status, string? Reason)
{
    /// <summary>The status of a patch that is (or is not) <paramref name="active"/> with this coverage.</summary>
    public static PatchStatusReading Of(bool active, Coverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        return !active ? new(PatchStatus.Unpatched, null)
            : coverage.IsComplete ? new(PatchStatus.Patched, null)
            : new(PatchStatus.PartiallyCovered, coverage.Reason);
    }
}

using System.Reflection;

namespace Instr.Patching;

/// <summary>A live patch of one method (a generic definition covers all its instantiations).</summary>
public abstract class PatchedMethod
{
    /// <summary>The method as it was asked for.</summary>
    public abstract MethodBase Method { get; }

    public abstract ProbeKind Probe { get; }

    public abstract DateTimeOffset PatchedAt { get; }

    /// <summary>False once unpatched; counters then stop and stay readable.</summary>
    public abstract bool IsActive { get; }

    /// <summary>Notes that still hold, e.g. "shared generic code: Box`1[System.String], Box`1[System.Object] counted together".</summary>
    public abstract IReadOnlyList<string> Notes { get; }

    /// <summary>Whether every call is counted now (<see cref="CoverageState.Partial"/> with the reason otherwise).</summary>
    public abstract Coverage Coverage { get; }

    /// <summary>Changes whenever <see cref="Notes"/>, <see cref="Coverage"/>, <see cref="IsActive"/> or <see cref="Probe"/>
    /// may have changed; the same value means none did. A watcher of 10,000 patches compares this instead of copying
    /// every patch's notes and coverage text each second.</summary>
    public abstract long DescriptionVersion { get; }

    /// <summary>Status and reason from one reading of <see cref="IsActive"/> and <see cref="Coverage"/>.</summary>
    public PatchStatusReading ReadStatus() => PatchStatusReading.Of(IsActive, Coverage);

    /// <summary>Calls counted since the patch was applied, summed over every thread (also exited ones).
    /// Monotonic and exact; cheap enough to read many times a second without stopping the app.</summary>
    public abstract long ReadCalls();

    /// <summary>The same as <see cref="ReadCalls()"/>, taken from a snapshot of every counter read at once
    /// (<see cref="MethodPatcher.ReadAllCounters"/>): the way to read thousands of patches many times a second.</summary>
    public virtual long ReadCalls(CounterSnapshot counters) => ReadCalls();

    /// <summary>Where this patch's counter is in a <see cref="CounterSnapshot"/> while it is live (no two live patches
    /// share one; an index may be reused after an unpatch, see <see cref="MethodPatcher.LiveVersion"/>): with
    /// <see cref="CounterSnapshot.ChangedSince"/>, a watcher finds the few patches that were called without reading
    /// all of them.</summary>
    public abstract int CounterIndex { get; }

    /// <summary>Duration statistics for <see cref="ProbeKind.Timing"/> patches; null for count patches.</summary>
    public abstract TimingSnapshot? ReadTiming();

    /// <summary>The timing patch's bucket counts now, to diff with an earlier reading
    /// (<see cref="TimingHistogram.Since"/>); null for count patches.</summary>
    public virtual TimingHistogram? ReadTimingHistogram() => null;
}

using System.Reflection;
using Instr.Patching.Counters;
using Instr.Patching.Detours;
using Instr.Patching.Probes;

namespace Instr.Patching.Engine;

/// <summary>A live patch: its counter slot, its probe's route (a managed wrapper for probes that need one) and the
/// bodies it has detoured.</summary>
internal sealed class LivePatch(MethodBase method, ProbeDefinition probe, PatchTarget target, int slot, long baseline, ManagedRoute? route) : PatchedMethod
{
    private readonly object notesLock = new();
    private readonly List<string> notes = [.. target.Notes];
    private readonly List<string> gaps = [];
    private Func<string?>? runningCheck;
    private string? runningGap;
    private long runningCheckedAt;
    private volatile bool active = true;
    private long finalCalls = -1;
    private long descriptionVersion;

    public override MethodBase Method { get; } = method;

    private volatile ProbeState state = new(probe, route);

    public override ProbeKind Probe => state.Definition.Kind;

    public ProbeDefinition Definition => state.Definition;

    /// <summary>The wrapper the stubs divert to and its probe slot; null for the count probe (the stub alone).</summary>
    public ManagedRoute? Route => state.Route;

    /// <summary>Changes the probe of this live patch (the counter slot, and so the count, stay); the engine then
    /// points its bodies at stubs for the new probe.</summary>
    public void SwitchTo(ProbeDefinition probe, ManagedRoute? route)
    {
        state = new ProbeState(probe, route);
        DescriptionChanged();
    }

    /// <summary>Every change of what describes a patch (notes, coverage, probe), of any patch: a reader that saw the
    /// same number before has nothing to re-read (unless a patch's coverage is partial: see <see cref="WatchRunningFrames"/>).</summary>
    public static long DescriptionEpoch => Interlocked.Read(ref descriptionEpoch);

    private static long descriptionEpoch;

    public override int CounterIndex => Slot;

    private void DescriptionChanged()
    {
        Interlocked.Increment(ref descriptionVersion);
        Interlocked.Increment(ref descriptionEpoch);
    }

    public override long DescriptionVersion
    {
        get
        {
            if (runningCheck is not null)
            {
                lock (notesLock)
                {
                    RecheckRunningFrames(); // a gap that ends while no one reads Coverage is a change too
                }
            }

            return Interlocked.Read(ref descriptionVersion);
        }
    }

    public override DateTimeOffset PatchedAt { get; } = DateTimeOffset.UtcNow;

    public override bool IsActive => active;

    public PatchTarget Target { get; } = target;

    public int Slot { get; } = slot;

    /// <summary>Bodies detoured for this patch (guarded by the engine's body lock).</summary>
    public List<BodyDetour> Bodies { get; } = [];

    public override IReadOnlyList<string> Notes
    {
        get
        {
            lock (notesLock)
            {
                return [.. notes];
            }
        }
    }

    public override Coverage Coverage
    {
        get
        {
            lock (notesLock)
            {
                RecheckRunningFrames();
                var all = runningGap is null ? gaps : [.. gaps, runningGap];
                return all.Count == 0 ? Coverage.Complete : Coverage.Partial(string.Join("; ", all));
            }
        }
    }

    /// <summary>
    /// A gap that lasts only while threads run code compiled before the patch (a long loop in a caller that inlined
    /// this method): <paramref name="check"/> returns the reason while such frames exist, null once they are gone
    /// (then they can never come back: new calls run the new code). Re-checked at most once a second, when read.
    /// </summary>
    public void WatchRunningFrames(Func<string?> check)
    {
        var reason = check();
        lock (notesLock)
        {
            runningGap = reason;
            runningCheck = reason is null ? null : check;
            runningCheckedAt = Environment.TickCount64;
            DescriptionChanged();
        }
    }

    private void RecheckRunningFrames()
    {
        if (runningCheck is null || !active || Environment.TickCount64 - runningCheckedAt < 1000)
        {
            return;
        }

        runningCheckedAt = Environment.TickCount64;
        runningGap = runningCheck();
        if (runningGap is null)
        {
            runningCheck = null;
            DescriptionChanged();
        }
    }

    /// <summary>Records calls this patch does not count (shown as partial coverage with this reason) and notes it.</summary>
    public void AddGap(string reason)
    {
        lock (notesLock)
        {
            if (!gaps.Contains(reason))
            {
                gaps.Add(reason);
                DescriptionChanged();
            }
        }

        AddNote(reason);
    }

    public void AddNote(string note)
    {
        lock (notesLock)
        {
            if (!notes.Contains(note))
            {
                notes.Add(note);
                DescriptionChanged();
            }
        }
    }

    public override long ReadCalls() => active ? ThreadOwnedCounters.Read(Slot) - baseline : Interlocked.Read(ref finalCalls);

    public override long ReadCalls(CounterSnapshot counters) =>
        active && counters.TryGet(Slot, out var sum) ? sum - baseline : ReadCalls();

    public override TimingSnapshot? ReadTiming()
    {
        var current = state;
        if (current.Route is not { } route || current.Definition.Read is not { } read)
        {
            return null;
        }

        return read(route.Slot);
    }

    public override TimingHistogram? ReadTimingHistogram()
    {
        var current = state;
        if (current.Route is not { } route || current.Definition.Read is null)
        {
            return null;
        }

        return new TimingHistogram(route.Slot, ThreadHistograms.Sum(route.Slot), TscClock.TicksPerMicrosecond);
    }

    /// <summary>Stops the patch: later reads return the count at this moment.</summary>
    public long Deactivate()
    {
        var final = ThreadOwnedCounters.Read(Slot) - baseline;
        Interlocked.Exchange(ref finalCalls, final);
        active = false;
        DescriptionChanged();
        return final;
    }
}

/// <summary>A patch's probe and its route, swapped together.</summary>
internal sealed record ProbeState(ProbeDefinition Definition, ManagedRoute? Route);

using System.Diagnostics;
using Instr.Patching;
using Instr.Protocol.V1;
using EnginePatch = Instr.Patching.PatchedMethod;

namespace Instr.Agent.Counters;

/// <summary>
/// Builds the messages of one WatchChanges stream. Per message it reads every live counter into the entry it keeps per
/// method (no allocation for a method whose count did not move) and sends only what changed: a description (name,
/// notes, status, coverage) when a method appears or one of those changes, its id when it disappears, and a counter
/// change for each method that was called. 10,000 patched methods with 100 hot ones cost about 100 small records per
/// message instead of 10,000 full rows.
/// Descriptions are re-read at most once a second per method (reading notes copies a list): for every method that
/// was called, and for a slice of the quiet ones, so a note added in the background reaches the client within about a
/// second without the stream re-reading 10,000 note lists ten times a second.
/// A timing-probed method whose calls were still running at its last change gets a change (calls_delta 0) when they
/// end, so its durations do not wait for its next call.
/// </summary>
internal sealed class WatchChangeTracker
{
    private static readonly long RecheckTicks = Stopwatch.Frequency;

    private readonly Dictionary<EnginePatch, StreamedMethod> _entries = new(ReferenceEqualityComparer.Instance);
    private readonly List<EnginePatch> _gone = [];

    // The entries in the order of the previous list of live patches: the engine lists them in a stable order, so the
    // entry at the same position is almost always the right one and no hash lookup is needed per method per message.
    private readonly List<StreamedMethod> _byPosition = [];
    private uint _nextId = 1;
    private long _generation;
    private int _recheckCursor;
    private long _previousTimestamp;
    private CounterSnapshot? _counters;

    /// <summary>How many methods the client's table holds after the last message.</summary>
    public int Described => _entries.Count;

    /// <summary>The next message: changes since the previous call (the first call describes every live patch).</summary>
    public WatchDelta Next(IReadOnlyList<EnginePatch> live, long nowTimestamp, int pid)
    {
        var delta = new WatchDelta { TimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Pid = pid };
        var generation = ++_generation;
        var quietRechecks = QuietRecheckBudget(live.Count, nowTimestamp);
        // Every counter in one pass, after the list of patches was taken (so each of them has its slot in it).
        _counters = MethodPatcher.ReadAllCounters(_counters);
        for (var i = 0; i < live.Count; i++)
        {
            var patch = live[i];
            var entry = i < _byPosition.Count && ReferenceEquals(_byPosition[i].Patch, patch) ? _byPosition[i] : Lookup(patch, delta, nowTimestamp);
            if (i < _byPosition.Count)
            {
                _byPosition[i] = entry;
            }
            else
            {
                _byPosition.Add(entry);
            }

            entry.Generation = generation;
            var calls = patch.ReadCalls(_counters);
            if (calls != entry.Calls)
            {
                delta.Counters.Add(entry.Change(calls, nowTimestamp));
                entry.RecheckDescription(delta, nowTimestamp, RecheckTicks);
            }
            else if (entry.InFlightCallsEnded())
            {
                delta.Counters.Add(entry.Change(calls, nowTimestamp));
            }
            else
            {
                entry.Timestamp = nowTimestamp;
                if (quietRechecks > 0 && IsInRecheckSlice(i, live.Count, quietRechecks))
                {
                    entry.RecheckDescription(delta, nowTimestamp, RecheckTicks);
                }
            }
        }

        if (_byPosition.Count > live.Count)
        {
            _byPosition.RemoveRange(live.Count, _byPosition.Count - live.Count);
        }

        _recheckCursor = live.Count == 0 ? 0 : (_recheckCursor + quietRechecks) % live.Count;
        // Every live patch has one entry; only when the table holds more than that did some patch go away.
        if (_entries.Count > live.Count)
        {
            RemoveGone(delta, generation);
        }

        _previousTimestamp = nowTimestamp;
        return delta;
    }

    /// <summary>The entry of a patch not at its previous position (a new one is described in this message).</summary>
    private StreamedMethod Lookup(EnginePatch patch, WatchDelta delta, long nowTimestamp)
    {
        if (_entries.TryGetValue(patch, out var entry))
        {
            return entry;
        }

        entry = new StreamedMethod(_nextId++, patch);
        _entries.Add(patch, entry);
        entry.Describe(delta, nowTimestamp);
        return entry;
    }

    /// <summary>Quiet methods to re-describe in this message: the whole table once a second, spread over messages.</summary>
    private int QuietRecheckBudget(int liveCount, long nowTimestamp)
    {
        if (_previousTimestamp == 0 || liveCount == 0)
        {
            return 0;
        }

        var share = (double)(nowTimestamp - _previousTimestamp) / RecheckTicks;
        return (int)Math.Min(liveCount, Math.Ceiling(liveCount * share));
    }

    private bool IsInRecheckSlice(int index, int count, int budget)
    {
        var offset = index - _recheckCursor;
        if (offset < 0)
        {
            offset += count;
        }

        return offset < budget;
    }

    private void RemoveGone(WatchDelta delta, long generation)
    {
        foreach (var (patch, entry) in _entries)
        {
            if (entry.Generation != generation)
            {
                _gone.Add(patch);
                delta.Removed.Add(entry.Id);
            }
        }

        foreach (var patch in _gone)
        {
            _entries.Remove(patch);
        }

        _gone.Clear();
    }
}

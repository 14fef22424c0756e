using System.Diagnostics;
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
/// </summary>
internal sealed class WatchChangeTracker
{
    private static readonly long RecheckTicks = Stopwatch.Frequency;

    private readonly Dictionary<EnginePatch, StreamedMethod> _entries = new(ReferenceEqualityComparer.Instance);
    private readonly List<EnginePatch> _gone = [];
    private uint _nextId = 1;
    private long _generation;
    private int _recheckCursor;
    private long _previousTimestamp;

    /// <summary>How many methods the client's table holds after the last message.</summary>
    public int Described => _entries.Count;

    /// <summary>The next message: changes since the previous call (the first call describes every live patch).</summary>
    public WatchDelta Next(IReadOnlyList<EnginePatch> live, long nowTimestamp, int pid)
    {
        var delta = new WatchDelta { TimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Pid = pid };
        var generation = ++_generation;
        var quietRechecks = QuietRecheckBudget(live.Count, nowTimestamp);
        for (var i = 0; i < live.Count; i++)
        {
            var patch = live[i];
            if (!_entries.TryGetValue(patch, out var entry))
            {
                entry = new StreamedMethod(_nextId++, patch);
                _entries.Add(patch, entry);
                entry.Describe(delta, nowTimestamp);
            }

            entry.Generation = generation;
            var calls = patch.ReadCalls();
            if (calls != entry.Calls)
            {
                delta.Counters.Add(entry.Change(calls, nowTimestamp));
                entry.RecheckDescription(delta, nowTimestamp, RecheckTicks);
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

        _recheckCursor = live.Count == 0 ? 0 : (_recheckCursor + quietRechecks) % live.Count;
        RemoveGone(delta, generation);
        _previousTimestamp = nowTimestamp;
        return delta;
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

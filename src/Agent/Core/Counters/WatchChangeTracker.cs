using System.Diagnostics;
using Instr.Agent.Services;
using Instr.Patching;
using Instr.Protocol.V1;
using EnginePatch = Instr.Patching.PatchedMethod;

namespace Instr.Agent.Counters;

/// <summary>
/// Builds the messages of one WatchChanges stream: a description (name, notes, status, coverage) when a method appears
/// or one of those changes, its id when it disappears, and a counter change for each method that was called.
/// A message costs what changed, not what is patched: with 10,000 patched methods and 100 hot ones, walking 10,000
/// entries ten times a second touched 10,000 scattered objects per message (most of a 10 Hz watch's CPU). So:
/// - the list of live patches is re-read only when the engine's <see cref="MethodPatcher.LiveVersion"/> moved;
/// - every counter is read in one pass into a snapshot, and the called methods are the indexes whose sums differ from
///   the previous snapshot (<see cref="CounterSnapshot.ChangedSince"/>: contiguous memory, compared in blocks);
/// - descriptions are re-read for the called methods (at most once a second each), for all methods at most once a
///   second when the engine's <see cref="MethodPatcher.DescriptionEpoch"/> moved, and each second for the few whose
///   coverage is partial (a gap that ends while running frames finish changes only when read);
/// - a timing-probed method whose calls were still running at its last change gets a change (calls_delta 0) when
///   they end, so its durations do not wait for its next call: only those methods are looked at for that.
/// </summary>
internal sealed class WatchChangeTracker(EngineAccess engine)
{
    private static readonly long RecheckTicks = Stopwatch.Frequency;

    private readonly Dictionary<EnginePatch, StreamedMethod> _entries = new(ReferenceEqualityComparer.Instance);
    private readonly List<EnginePatch> _gone = [];
    private readonly List<int> _changed = [];
    private readonly HashSet<StreamedMethod> _inFlight = [];
    private readonly List<StreamedMethod> _partial = [];
    private readonly List<StreamedMethod> _ended = [];
    private StreamedMethod?[] _byCounter = [];
    private IReadOnlyList<EnginePatch> _live = [];
    private long _liveVersion = long.MinValue;
    private long _sweptEpoch = long.MinValue;
    private long _sweptAt;
    private uint _nextId = 1;
    private long _generation;
    private long _previousTimestamp;
    private CounterSnapshot? _counters;
    private CounterSnapshot? _previousCounters;

    /// <summary>How many methods the client's table holds after the last message.</summary>
    public int Described => _entries.Count;

    /// <summary>The next message: changes since the previous call (the first call describes every live patch).</summary>
    public WatchDelta Next(long nowTimestamp, int pid)
    {
        var delta = new WatchDelta { TimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Pid = pid };
        var generation = ++_generation;
        var epoch = MethodPatcher.DescriptionEpoch; // before anything is read: a change from here on is seen next time
        var version = engine.LiveVersion();
        var relisted = version != _liveVersion;
        if (relisted)
        {
            _live = engine.LivePatches();
            _liveVersion = version;
        }

        // Every counter in one pass, after the list of patches was taken (so each of them has its slot in it).
        (_counters, _previousCounters) = (MethodPatcher.ReadAllCounters(_previousCounters), _counters);
        if (relisted || _previousCounters is null)
        {
            Relist(delta, generation, nowTimestamp);
        }
        else
        {
            SendCalled(delta, nowTimestamp);
        }

        SendEndedInFlight(delta, nowTimestamp);
        RecheckDescriptions(delta, epoch, nowTimestamp);
        _previousTimestamp = nowTimestamp;
        return delta;
    }

    /// <summary>The list of patches changed: map every live one (new ones are described), drop the gone ones, and read
    /// every counter.</summary>
    private void Relist(WatchDelta delta, long generation, long nowTimestamp)
    {
        var maxIndex = -1;
        foreach (var patch in _live)
        {
            maxIndex = Math.Max(maxIndex, patch.CounterIndex);
        }

        _byCounter = new StreamedMethod?[maxIndex + 1];
        foreach (var patch in _live)
        {
            var entry = Lookup(patch, delta, nowTimestamp);
            entry.Generation = generation;
            if (patch.CounterIndex >= 0)
            {
                _byCounter[patch.CounterIndex] = entry;
            }

            var calls = patch.ReadCalls(_counters!);
            if (calls != entry.Calls)
            {
                Send(entry, calls, delta, nowTimestamp);
            }
            else
            {
                entry.Timestamp = nowTimestamp;
            }
        }

        // Every live patch has one entry; only when the table holds more than that did some patch go away.
        if (_entries.Count > _live.Count)
        {
            RemoveGone(delta, generation);
        }

        RefreshPartial();
    }

    /// <summary>The counters that moved since the previous message: only their methods are read.</summary>
    private void SendCalled(WatchDelta delta, long nowTimestamp)
    {
        _changed.Clear();
        _counters!.ChangedSince(_previousCounters!, _changed);
        foreach (var index in _changed)
        {
            if (index < _byCounter.Length && _byCounter[index] is { } entry)
            {
                var calls = entry.Patch.ReadCalls(_counters);
                if (calls != entry.Calls)
                {
                    // Quiet since the previous message: its rate is over the last interval, as if it had been read then.
                    entry.Timestamp = entry.Timestamp == 0 ? 0 : _previousTimestamp;
                    Send(entry, calls, delta, nowTimestamp);
                }
            }
        }
    }

    private void Send(StreamedMethod entry, long calls, WatchDelta delta, long nowTimestamp)
    {
        delta.Counters.Add(entry.Change(calls, nowTimestamp));
        Follow(entry);
        entry.RecheckDescription(delta, nowTimestamp, RecheckTicks);
    }

    /// <summary>Timing-probed methods with calls still running at their last change: send their end.</summary>
    private void SendEndedInFlight(WatchDelta delta, long nowTimestamp)
    {
        if (_inFlight.Count == 0)
        {
            return;
        }

        _ended.Clear();
        foreach (var entry in _inFlight)
        {
            if (entry.Timestamp != nowTimestamp && entry.InFlightCallsEnded())
            {
                _ended.Add(entry);
            }
        }

        foreach (var entry in _ended)
        {
            entry.Timestamp = _previousTimestamp;
            delta.Counters.Add(entry.Change(entry.Calls, nowTimestamp));
            Follow(entry);
        }
    }

    private void Follow(StreamedMethod entry)
    {
        if (entry.CallsInFlight)
        {
            _inFlight.Add(entry);
        }
        else
        {
            _inFlight.Remove(entry);
        }
    }

    /// <summary>Re-reads descriptions the engine may have changed without a call: all of them (at most once a second)
    /// when its description epoch moved, and every second those whose coverage is partial.</summary>
    private void RecheckDescriptions(WatchDelta delta, long epoch, long nowTimestamp)
    {
        if (epoch != _sweptEpoch && nowTimestamp - _sweptAt >= RecheckTicks)
        {
            foreach (var entry in _entries.Values)
            {
                entry.RecheckDescription(delta, nowTimestamp, every: 0);
            }

            _sweptEpoch = epoch;
            _sweptAt = nowTimestamp;
            RefreshPartial();
            return;
        }

        for (var i = _partial.Count - 1; i >= 0; i--)
        {
            var entry = _partial[i];
            entry.RecheckDescription(delta, nowTimestamp, RecheckTicks);
            if (!entry.DescribedPartial || !_entries.ContainsKey(entry.Patch))
            {
                _partial.RemoveAt(i);
            }
        }
    }

    private void RefreshPartial()
    {
        _partial.Clear();
        _partial.AddRange(_entries.Values.Where(e => e.DescribedPartial));
    }

    /// <summary>The entry of a live patch (a new one is described in this message).</summary>
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

    private void RemoveGone(WatchDelta delta, long generation)
    {
        foreach (var (patch, entry) in _entries)
        {
            if (entry.Generation != generation)
            {
                _gone.Add(patch);
                delta.Removed.Add(entry.Id);
                _inFlight.Remove(entry);
            }
        }

        foreach (var patch in _gone)
        {
            _entries.Remove(patch);
        }

        _gone.Clear();
    }
}

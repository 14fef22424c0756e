using Instr.Protocol.V1;

namespace Instr.Cli.Transport;

/// <summary>
/// Rebuilds full snapshots (every patched method, sorted by name, as Watch sends them) from a WatchChanges stream, so
/// renderers, `--json` lines and the dashboard see the same shape whatever the wire carried. Keeps the stream's method
/// table by id: descriptions replace entries, removals drop them, counter changes move counts on; a method without a
/// change in a message made no call in that interval (rate 0).
/// </summary>
internal sealed class WatchDeltaDecoder
{
    private readonly Dictionary<uint, Row> _rows = [];
    private readonly List<Row> _sorted = [];
    private bool _order = true;

    /// <param name="freshRows">True: every snapshot gets its own MethodCounter objects (for consumers that keep a
    /// snapshot after the next one arrives, such as the dashboard). False: rows are reused between snapshots.</param>
    public WatchSnapshot Apply(WatchDelta delta, bool freshRows = false)
    {
        foreach (var removed in delta.Removed)
        {
            if (_rows.Remove(removed))
            {
                _order = true;
            }
        }

        foreach (var described in delta.Described)
        {
            Describe(described);
        }

        foreach (var row in _rows.Values)
        {
            row.Counter.Rate = 0;
        }

        foreach (var change in delta.Counters)
        {
            if (_rows.TryGetValue(change.Id, out var row))
            {
                row.Counter.Calls += change.CallsDelta;
                row.Counter.Rate = change.Rate;
                if (change.Values is { } values)
                {
                    // Assigned, not merged: a window figure that fell to 0 is not on the wire (proto3 default), and
                    // MergeFrom would keep the previous interval's value.
                    CopyTiming(values, row.Counter);
                }
            }
        }

        var snapshot = new WatchSnapshot { TimeUnixMs = delta.TimeUnixMs, Pid = delta.Pid };
        foreach (var row in Sorted())
        {
            snapshot.Methods.Add(freshRows ? row.Counter.Clone() : row.Counter);
        }

        snapshot.Meters.AddRange(delta.Meters);
        return snapshot;
    }

    private void Describe(MethodDescription described)
    {
        var counter = described.Method?.Clone() ?? new MethodCounter();
        if (_rows.TryGetValue(described.Id, out var existing))
        {
            // A new description changes what the method is said to be, never its counts.
            var before = existing.Counter;
            counter.Calls = before.Calls;
            counter.Rate = before.Rate;
            if (counter.Probe == ProbeKind.Timing)
            {
                CopyTiming(before, counter);
            }
            _order |= !string.Equals(before.Name, counter.Name, StringComparison.Ordinal);
            existing.Counter = counter;
            return;
        }

        _rows[described.Id] = new Row(counter);
        _order = true;
    }

    private static void CopyTiming(MethodCounter from, MethodCounter to)
    {
        to.P50Us = from.P50Us;
        to.P99Us = from.P99Us;
        to.MaxUs = from.MaxUs;
        to.Exceptions = from.Exceptions;
        to.Synchronous = from.Synchronous;
        to.WindowP50Us = from.WindowP50Us;
        to.WindowP99Us = from.WindowP99Us;
        to.WindowMaxUs = from.WindowMaxUs;
        to.WindowExceptions = from.WindowExceptions;
    }

    private List<Row> Sorted()
    {
        if (_order)
        {
            _sorted.Clear();
            _sorted.AddRange(_rows.Values);
            _sorted.Sort((a, b) => string.CompareOrdinal(a.Counter.Name, b.Counter.Name));
            _order = false;
        }

        return _sorted;
    }

    private sealed class Row(MethodCounter counter)
    {
        public MethodCounter Counter { get; set; } = counter;
    }
}

using System.Diagnostics;
using System.Reflection;
using Instr.Agent.Resolution;
using Instr.Protocol.V1;
using EnginePatch = Instr.Patching.PatchedMethod;
using PatchStatusReading = Instr.Patching.PatchStatusReading;
using TimingHistogram = Instr.Patching.TimingHistogram;

namespace Instr.Agent.Counters;

/// <summary>
/// Turns the engine's live counters into <see cref="MethodCounter"/> rows for one watcher: reads each counter
/// (thread-owned counters summed without stopping the app) and computes the rate since this watcher's previous
/// sample. One instance per watch stream, so watchers with different intervals get rates of their own.
/// Canonical names are computed once per method and stream, not on every snapshot (a watcher of 10,000 methods
/// would otherwise rebuild 10,000 names a second).
/// </summary>
internal sealed class MethodCounterSampler
{
    private readonly Dictionary<MethodBase, (long Calls, long Timestamp)> _previous = [];
    private readonly Dictionary<MethodBase, string> _names = [];
    private readonly Dictionary<MethodBase, TimingHistogram> _previousTiming = [];

    public IReadOnlyList<MethodCounter> Sample(IReadOnlyList<EnginePatch> live)
    {
        var now = Stopwatch.GetTimestamp();
        var rows = new List<MethodCounter>(live.Count);
        foreach (var patch in live)
        {
            var calls = patch.ReadCalls();
            var rate = RateOf(patch, calls, now);
            _previous[patch.Method] = (calls, now);
            var row = ToRow(patch, NameOf(patch.Method), calls, rate);
            AddWindow(patch, row);
            rows.Add(row);
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return rows;
    }

    /// <summary>Timing over this watcher's last interval: the histogram now minus the one of its previous sample.</summary>
    private void AddWindow(EnginePatch patch, MethodCounter row)
    {
        if (patch.ReadTimingHistogram() is not { } now)
        {
            _previousTiming.Remove(patch.Method);
            return;
        }

        var window = now.Since(_previousTiming.GetValueOrDefault(patch.Method));
        _previousTiming[patch.Method] = now;
        row.WindowP50Us = window.P50Microseconds;
        row.WindowP99Us = window.P99Microseconds;
        row.WindowMaxUs = window.MaxMicroseconds;
        row.WindowExceptions = window.Exceptions;
    }

    private double RateOf(EnginePatch patch, long calls, long now)
    {
        if (_previous.TryGetValue(patch.Method, out var before))
        {
            var seconds = Stopwatch.GetElapsedTime(before.Timestamp, now).TotalSeconds;
            return seconds > 0 ? (calls - before.Calls) / seconds : 0;
        }

        // First sample of this watcher: average since the patch went in.
        var sincePatched = (DateTimeOffset.UtcNow - patch.PatchedAt).TotalSeconds;
        return sincePatched > 0.001 ? calls / sincePatched : 0;
    }

    private string NameOf(MethodBase method)
    {
        if (!_names.TryGetValue(method, out var name))
        {
            name = MethodResolver.CanonicalName(method);
            _names[method] = name;
        }

        return name;
    }

    private static MethodCounter ToRow(EnginePatch patch, string name, long calls, double rate)
    {
        // Read once: coverage may change between two reads (a background check finishing), and the status and the
        // coverage fields of one row must agree.
        var coverage = patch.Coverage;
        var (state, reason) = CoverageWire.Of(coverage);
        var (patchState, statusWord) = PatchStatus.Of(PatchStatusReading.Of(patch.IsActive, coverage).Status);
        var row = new MethodCounter
        {
            Name = name,
            Calls = calls,
            Rate = Math.Round(rate, 2),
            Status = statusWord,
            State = patchState,
            Probe = ProbeWire.ToWire(patch.Probe),
            Coverage = state,
            CoverageReason = reason,
        };
        row.Notes.AddRange(patch.Notes);
        if (patch.ReadTiming() is { } timing)
        {
            TimingWire.Fill(row, timing);
        }

        return row;
    }
}

using System.Diagnostics;
using Instr.Agent.Resolution;
using Instr.Protocol.V1;
using EngineCoverage = Instr.Patching.Coverage;
using EnginePatch = Instr.Patching.PatchedMethod;
using EngineProbe = Instr.Patching.ProbeKind;
using PatchStatusReading = Instr.Patching.PatchStatusReading;
using TimingHistogram = Instr.Patching.TimingHistogram;

namespace Instr.Agent.Counters;

/// <summary>What one WatchChanges stream last told its client about one patched method.</summary>
internal sealed class StreamedMethod(uint id, EnginePatch patch)
{
    private IReadOnlyList<string> _notes = [];
    private EngineCoverage? _coverage;
    private bool _active;
    private EngineProbe _probe;
    private long _describedAt;
    private long _describedVersion = -1;
    private TimingHistogram? _previousTiming;

    // Timing probe: calls that had returned or thrown at the last change sent. Fewer than Calls means some were still
    // running then (a slow or async call), and their end must reach the client even if no new call comes.
    private long _finished;

    public uint Id { get; } = id;

    /// <summary>The engine's patch this entry follows.</summary>
    public EnginePatch Patch => patch;

    /// <summary>Calls the client knows of (the sum of every calls_delta sent).</summary>
    public long Calls { get; private set; }

    /// <summary>When <see cref="Calls"/> was last read (Stopwatch ticks); 0 before the first read.</summary>
    public long Timestamp { get; set; }

    /// <summary>The message number that last saw this method live.</summary>
    public long Generation { get; set; }

    public void Describe(WatchDelta delta, long now)
    {
        _describedVersion = patch.DescriptionVersion; // read first: a change while describing is seen next time
        _notes = patch.Notes;
        _coverage = patch.Coverage;
        _active = patch.IsActive;
        _probe = patch.Probe;
        _describedAt = now;
        var (state, reason) = CoverageWire.Of(_coverage);
        var (patchState, statusWord) = PatchStatus.Of(PatchStatusReading.Of(_active, _coverage).Status);
        var method = new MethodCounter
        {
            Name = MethodResolver.CanonicalName(patch.Method),
            Status = statusWord,
            State = patchState,
            Probe = ProbeWire.ToWire(_probe),
            Coverage = state,
            CoverageReason = reason,
        };
        method.Notes.AddRange(_notes);
        delta.Described.Add(new MethodDescription { Id = Id, Method = method });
    }

    /// <summary>Sends a new description when notes, coverage or status changed (read at most once per <paramref name="every"/>).</summary>
    public void RecheckDescription(WatchDelta delta, long now, long every)
    {
        if (now - _describedAt < every)
        {
            return;
        }

        _describedAt = now;
        var version = patch.DescriptionVersion;
        if (version == _describedVersion)
        {
            return; // nothing changed: no copy of the notes, no coverage text built
        }

        if (patch.IsActive != _active || patch.Probe != _probe || !Equals(patch.Coverage, _coverage) || !SameNotes(patch.Notes))
        {
            Describe(delta, now);
        }
        else
        {
            _describedVersion = version;
        }
    }

    /// <summary>
    /// Timing probe: whether a call that was still running at the last change sent has ended since. Counter changes
    /// go out when calls enter; without this, a slow method's last durations would wait for its next call. Reads the
    /// histogram only while calls are in flight.
    /// </summary>
    /// <summary>Timing probe: some calls counted at the last change sent had not ended then.</summary>
    public bool CallsInFlight => _previousTiming is not null && _finished < Calls;

    /// <summary>The last description sent had partial coverage (which can end without any call or note).</summary>
    public bool DescribedPartial => _coverage is { IsComplete: false };

    public bool InFlightCallsEnded() =>
        CallsInFlight && patch.ReadTimingHistogram() is { } now && Finished(now) > _finished;

    public CounterChange Change(long calls, long now)
    {
        var change = new CounterChange { Id = Id, CallsDelta = calls - Calls, Rate = Math.Round(RateOf(calls, now), 2) };
        if (patch.ReadTiming() is { } timing)
        {
            change.Values = new MethodCounter();
            TimingWire.Fill(change.Values, timing);
            // Over this stream's last interval: the histogram now minus the previous reading (as Watch does).
            if (patch.ReadTimingHistogram() is { } histogram)
            {
                var window = histogram.Since(_previousTiming);
                _previousTiming = histogram;
                _finished = Finished(histogram);
                change.Values.WindowP50Us = window.P50Microseconds;
                change.Values.WindowP99Us = window.P99Microseconds;
                change.Values.WindowMaxUs = window.MaxMicroseconds;
                change.Values.WindowExceptions = window.Exceptions;
            }
        }
        else
        {
            _previousTiming = null;
        }

        Calls = calls;
        Timestamp = now;
        return change;
    }

    private static long Finished(TimingHistogram histogram) => histogram.Completed + histogram.Exceptions;

    private double RateOf(long calls, long now)
    {
        if (Timestamp != 0)
        {
            var seconds = Stopwatch.GetElapsedTime(Timestamp, now).TotalSeconds;
            return seconds > 0 ? (calls - Calls) / seconds : 0;
        }

        // First read in this stream: the average since the patch went in (as Watch does).
        var sincePatched = (DateTimeOffset.UtcNow - patch.PatchedAt).TotalSeconds;
        return sincePatched > 0.001 ? calls / sincePatched : 0;
    }

    private bool SameNotes(IReadOnlyList<string> notes)
    {
        if (notes.Count != _notes.Count)
        {
            return false;
        }

        for (var i = 0; i < notes.Count; i++)
        {
            if (!string.Equals(notes[i], _notes[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

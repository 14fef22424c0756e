using Instr.Patching.Probes;

namespace Instr.Patching;

/// <summary>
/// A timing patch's durations as bucket counts at one moment (summed over every thread). Two readings give the
/// calls in between: <see cref="Since"/> is what "over the last interval" shows.
/// </summary>
public sealed class TimingHistogram
{
    private readonly long[] buckets;

    internal TimingHistogram(int slot, long[] sum, double ticksPerMicrosecond)
    {
        Slot = slot;
        buckets = sum;
        TicksPerMicrosecond = ticksPerMicrosecond;
    }

    internal int Slot { get; }

    internal double TicksPerMicrosecond { get; }

    /// <summary>Calls that completed (returned, or their task did) by this reading.</summary>
    public long Completed
    {
        get
        {
            long total = 0;
            for (var i = 0; i < LogLinearBuckets.Count; i++)
            {
                total += buckets[i];
            }

            return total;
        }
    }

    public long Exceptions => buckets[ThreadHistograms.ExceptionsIndex];

    /// <summary>The buckets that hold calls, lowest first: each one's midpoint in microseconds (the value the
    /// percentiles report for its calls, within 1.6%) and its count of completed calls. For exporters that need the
    /// whole distribution (Prometheus and OTLP histograms) without a measurement per call.</summary>
    public IReadOnlyList<(double MidpointMicroseconds, long Calls)> NonEmptyBuckets()
    {
        var filled = new List<(double, long)>();
        for (var i = 0; i < LogLinearBuckets.Count; i++)
        {
            if (buckets[i] > 0)
            {
                filled.Add((LogLinearBuckets.Midpoint(i) / TicksPerMicrosecond, buckets[i]));
            }
        }

        return filled;
    }

    /// <summary>The calls between <paramref name="earlier"/> and this reading (everything since the patch when it is
    /// null or from before a probe switch). Max is the midpoint of the highest bucket hit in between (≤ 1.6% off).</summary>
    public TimingSnapshot Since(TimingHistogram? earlier)
    {
        var delta = new long[LogLinearBuckets.Count];
        long completed = 0;
        var highest = -1;
        var from = earlier is not null && earlier.Slot == Slot ? earlier.buckets : null;
        for (var i = 0; i < LogLinearBuckets.Count; i++)
        {
            delta[i] = buckets[i] - (from?[i] ?? 0);
            completed += delta[i];
            if (delta[i] > 0)
            {
                highest = i;
            }
        }

        var exceptions = Exceptions - (from?[ThreadHistograms.ExceptionsIndex] ?? 0);
        return new TimingSnapshot(
            completed,
            TimingReadings.Percentile(delta, completed, 0.50) / TicksPerMicrosecond,
            TimingReadings.Percentile(delta, completed, 0.99) / TicksPerMicrosecond,
            highest < 0 ? 0 : LogLinearBuckets.Midpoint(highest) / TicksPerMicrosecond,
            exceptions);
    }
}

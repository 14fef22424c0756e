namespace Instr.Patching.Probes;

/// <summary>A timing slot's histograms, summed over every thread, as microsecond percentiles.</summary>
internal static class TimingReadings
{
    public static TimingSnapshot Read(int slot)
    {
        var ticksPerMicrosecond = TscClock.TicksPerMicrosecond;
        var sum = ThreadHistograms.Sum(slot);
        var (completed, p50, p99, max) = Figures(sum, ticksPerMicrosecond);
        var synchronous = Figures(ThreadHistograms.Sum(ProbeSlots.Secondary(slot)), ticksPerMicrosecond);
        return new TimingSnapshot(
            completed,
            p50,
            p99,
            max,
            sum[ThreadHistograms.ExceptionsIndex],
            synchronous.Count == 0 ? null : new SynchronousPart(synchronous.Count, synchronous.P50, synchronous.P99, synchronous.Max));
    }

    /// <summary>One histogram's count, percentiles and largest duration (µs). The secondary slot holds the synchronous
    /// part of task-returning calls: empty for other methods.</summary>
    private static (long Count, double P50, double P99, double Max) Figures(long[] sum, double ticksPerMicrosecond)
    {
        long count = 0;
        for (var i = 0; i < LogLinearBuckets.Count; i++)
        {
            count += sum[i];
        }

        return (count,
            Percentile(sum, count, 0.50) / ticksPerMicrosecond,
            Percentile(sum, count, 0.99) / ticksPerMicrosecond,
            sum[ThreadHistograms.MaxIndex] / ticksPerMicrosecond);
    }

    /// <summary>The value at rank ceil(p·n) (nearest-rank percentile), as its bucket's midpoint; 0 when empty.</summary>
    public static double Percentile(long[] buckets, long total, double p)
    {
        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(p * total));
        long seen = 0;
        for (var i = 0; i < LogLinearBuckets.Count; i++)
        {
            seen += buckets[i];
            if (seen >= rank)
            {
                return LogLinearBuckets.Midpoint(i);
            }
        }

        return LogLinearBuckets.Midpoint(LogLinearBuckets.Count - 1);
    }
}

namespace Instr.Patching.Probes;

/// <summary>A timing slot's histograms, summed over every thread, as microsecond percentiles.</summary>
internal static class TimingReadings
{
    public static TimingSnapshot Read(int slot)
    {
        var sum = ThreadHistograms.Sum(slot);
        var ticksPerMicrosecond = TscClock.TicksPerMicrosecond;
        long completed = 0;
        for (var i = 0; i < LogLinearBuckets.Count; i++)
        {
            completed += sum[i];
        }

        return new TimingSnapshot(
            completed,
            Percentile(sum, completed, 0.50) / ticksPerMicrosecond,
            Percentile(sum, completed, 0.99) / ticksPerMicrosecond,
            sum[ThreadHistograms.MaxIndex] / ticksPerMicrosecond,
            sum[ThreadHistograms.ExceptionsIndex],
            Synchronous(ProbeSlots.Secondary(slot), ticksPerMicrosecond));
    }

    /// <summary>The synchronous part recorded for task-returning calls; null when the method returned no task.</summary>
    private static SynchronousPart? Synchronous(int slot, double ticksPerMicrosecond)
    {
        var sum = ThreadHistograms.Sum(slot);
        long returned = 0;
        for (var i = 0; i < LogLinearBuckets.Count; i++)
        {
            returned += sum[i];
        }

        return returned == 0
            ? null
            : new SynchronousPart(
                returned,
                Percentile(sum, returned, 0.50) / ticksPerMicrosecond,
                Percentile(sum, returned, 0.99) / ticksPerMicrosecond,
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

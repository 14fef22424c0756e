using Instr.Patching.Probes;

namespace Instr.Patching.Tests.Probes;

/// <summary>"Now" timing: the calls between two readings of the same slot, from their bucket counts.</summary>
public sealed class TimingHistogramTests
{
    private const double TicksPerMicrosecond = 1000;

    [Fact]
    public void Since_an_earlier_reading_covers_only_the_calls_in_between()
    {
        var earlier = Reading(slot: 3, (100_000, 50));               // 50 calls of 100 us
        var later = Reading(slot: 3, (100_000, 50), (2_000_000, 10)); // then 10 calls of 2 ms

        var window = later.Since(earlier);

        Assert.Equal(10, window.Completed);
        Assert.InRange(window.P50Microseconds, 2000 * (1 - (1 / 64.0)), 2000 * (1 + (1 / 64.0)));
        Assert.InRange(window.MaxMicroseconds, 2000 * (1 - (1 / 64.0)), 2000 * (1 + (1 / 64.0)));
        Assert.Equal(60, later.Since(null).Completed);
        Assert.InRange(later.Since(null).P50Microseconds, 100 * (1 - (1 / 64.0)), 100 * (1 + (1 / 64.0)));
    }

    [Fact]
    public void A_reading_of_another_slot_is_not_subtracted()
    {
        var beforeSwitch = Reading(slot: 1, (5_000, 40));
        var afterSwitch = Reading(slot: 2, (7_000, 3));

        Assert.Equal(3, afterSwitch.Since(beforeSwitch).Completed);
    }

    [Fact]
    public void An_interval_without_calls_reads_zero()
    {
        var reading = Reading(slot: 4, (5_000, 40));

        var window = reading.Since(reading);

        Assert.Equal(0, window.Completed);
        Assert.Equal(0, window.P99Microseconds);
        Assert.Equal(0, window.MaxMicroseconds);
    }

    private static TimingHistogram Reading(int slot, params (long Ticks, long Calls)[] calls)
    {
        var sum = new long[ThreadHistograms.MaxIndex + 1];
        foreach (var (ticks, count) in calls)
        {
            sum[LogLinearBuckets.IndexOf(ticks)] += count;
        }

        return new TimingHistogram(slot, sum, TicksPerMicrosecond);
    }
}

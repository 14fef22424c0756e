using Instr.Patching.Probes;

namespace Instr.Patching.Tests.Probes;

/// <summary>The timing histogram's buckets: every value read back within 1/64 of itself.</summary>
public sealed class LogLinearBucketsTests
{
    [Fact]
    public void Every_value_reads_back_within_its_bucket_error()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 64).Select(v => (long)v)
            .Concat(Enumerable.Range(0, 45).Select(e => 1L << e))
            .Concat(Enumerable.Range(0, 45).Select(e => (1L << e) - 1))
            .Concat(Enumerable.Range(0, 10_000).Select(_ => random.NextInt64(1, 1L << 44)));
        foreach (var value in values.Where(v => v >= 0))
        {
            var index = LogLinearBuckets.IndexOf(value);
            Assert.InRange(index, 0, LogLinearBuckets.Count - 1);
            Assert.True(LogLinearBuckets.LowerBound(index) <= value, $"{value}: bucket {index} starts at {LogLinearBuckets.LowerBound(index)}");
            var midpoint = LogLinearBuckets.Midpoint(index);
            Assert.True(Math.Abs(midpoint - value) <= Math.Max(0.5, value / 64.0), $"{value}: read back as {midpoint}");
        }
    }

    /// <summary>Timed calls are recorded by the native helper (one leaf per exit); reads use these buckets' bounds.</summary>
    [Fact]
    public unsafe void The_native_recorder_puts_every_value_in_the_same_bucket_as_the_managed_rule()
    {
        Assert.NotNull(ThreadHistograms.Of(0)); // hands the bucket layout to the native side
        var random = new Random(11);
        var values = Enumerable.Range(-3, 80).Select(v => (long)v)
            .Concat(Enumerable.Range(0, 63).SelectMany(e => new[] { 1L << e, (1L << e) - 1, (1L << e) + 1 }))
            .Concat(Enumerable.Range(0, 10_000).Select(_ => random.NextInt64(0, long.MaxValue) >> random.Next(0, 60)));
        foreach (var value in values)
        {
            Assert.Equal(LogLinearBuckets.IndexOf(value), (int)Interop.NativeHelper.HistIndex(value));
        }
    }

    [Fact]
    public void Buckets_are_ordered_so_percentiles_can_walk_them()
    {
        for (var i = 1; i < LogLinearBuckets.Count; i++)
        {
            Assert.True(LogLinearBuckets.LowerBound(i) > LogLinearBuckets.LowerBound(i - 1), $"bucket {i}");
        }
    }

    [Fact]
    public void Nearest_rank_percentile_of_a_histogram()
    {
        var buckets = new long[LogLinearBuckets.Count];
        buckets[LogLinearBuckets.IndexOf(10)] = 98;
        buckets[LogLinearBuckets.IndexOf(1000)] = 2;
        Assert.Equal(10, TimingReadings.Percentile(buckets, 100, 0.50));
        Assert.Equal(10, TimingReadings.Percentile(buckets, 100, 0.98));
        Assert.InRange(TimingReadings.Percentile(buckets, 100, 0.99), 1000 * (1 - (1 / 64.0)), 1000 * (1 + (1 / 64.0)));
        Assert.Equal(0, TimingReadings.Percentile(new long[LogLinearBuckets.Count], 0, 0.5));
    }
}

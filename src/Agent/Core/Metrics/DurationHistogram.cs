using Instr.Patching;

namespace Instr.Agent.Metrics;

/// <summary>
/// One timed method's call durations re-bucketed onto <see cref="DurationBounds.Seconds"/>, for the exporters that
/// publish <c>instr.duration</c> (Prometheus, OTLP). Built from the engine's thread-owned log-linear histogram at
/// read time: the app's calls never record a measurement, an export costs one pass over the engine's buckets.
/// A call lands in the first bound at or above its engine bucket's midpoint (the value instr reports for it, within
/// 1.6% of the true duration). The engine keeps no sum of durations, so <see cref="SumSeconds"/> is the sum of those
/// midpoints: within 1.6% as well.
/// </summary>
/// <param name="BucketCounts">Calls per bucket (not cumulative): one per bound, then the +Inf bucket.</param>
/// <param name="Count">Completed calls (returned, or their task completed): the sum of <paramref name="BucketCounts"/>.</param>
/// <param name="SumSeconds">The sum of the calls' durations (bucket midpoints), in seconds.</param>
/// <param name="Exceptions">Calls that ended in an exception (a faulted task for async methods).</param>
internal sealed record DurationHistogram(IReadOnlyList<long> BucketCounts, long Count, double SumSeconds, long Exceptions)
{
    public static DurationHistogram From(TimingHistogram engine) => FromBuckets(engine.NonEmptyBuckets(), engine.Exceptions);

    /// <summary>Re-buckets the engine's non-empty buckets (midpoint in µs, calls; lowest first).</summary>
    public static DurationHistogram FromBuckets(IEnumerable<(double MidpointMicroseconds, long Calls)> engineBuckets, long exceptions)
    {
        var bounds = DurationBounds.Seconds;
        var counts = new long[bounds.Count + 1];
        long count = 0;
        double sum = 0;
        var bound = 0;
        foreach (var (midpointMicroseconds, calls) in engineBuckets)
        {
            var seconds = midpointMicroseconds / 1_000_000.0;
            while (bound < bounds.Count && seconds > bounds[bound])
            {
                bound++;
            }

            counts[bound] += calls;
            count += calls;
            sum += seconds * calls;
        }

        return new DurationHistogram(counts, count, sum, exceptions);
    }

    /// <summary>Calls at or below each bound, then the total (the +Inf bucket): Prometheus' <c>_bucket{le}</c> values.</summary>
    public IReadOnlyList<long> Cumulative()
    {
        var cumulative = new long[BucketCounts.Count];
        long running = 0;
        for (var i = 0; i < cumulative.Length; i++)
        {
            running += BucketCounts[i];
            cumulative[i] = running;
        }

        return cumulative;
    }
}

namespace Instr.Agent.Metrics;

/// <summary>
/// The upper bounds (seconds) of the <c>instr.duration</c> histogram buckets: 1, 2.5, 5 per decade from 1 µs to 10 s.
/// Method durations span that whole range (a getter takes nanoseconds, a request handler seconds); OpenTelemetry's
/// default bounds (milliseconds, from 0 to 10 s) would put every fast method in the first bucket. 22 bounds plus
/// +Inf keep a scrape of many methods small; the engine's own buckets are finer (1/32 of a power of two).
/// </summary>
internal static class DurationBounds
{
    public static IReadOnlyList<double> Seconds { get; } =
    [
        0.000_001, 0.000_002_5, 0.000_005,
        0.000_01, 0.000_025, 0.000_05,
        0.000_1, 0.000_25, 0.000_5,
        0.001, 0.002_5, 0.005,
        0.01, 0.025, 0.05,
        0.1, 0.25, 0.5,
        1, 2.5, 5,
        10,
    ];
}

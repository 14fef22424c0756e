namespace Instr.Agent.Metrics;

/// <summary>One patched method as the exporters see it: canonical name, exact call count, with the timing probe its
/// durations and exceptions, and when it was patched (where a cumulative OTLP series starts).</summary>
internal readonly record struct MethodReading(string Name, long Calls, DurationHistogram? Duration, DateTimeOffset PatchedAt = default);

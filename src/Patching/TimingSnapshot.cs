namespace Instr.Patching;

/// <summary>Durations of completed calls since the patch (timing probe).</summary>
public sealed record TimingSnapshot(long Completed, double P50Microseconds, double P99Microseconds, double MaxMicroseconds, long Exceptions);

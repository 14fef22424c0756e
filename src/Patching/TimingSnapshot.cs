namespace Instr.Patching;

/// <summary>Durations of completed calls since the patch (timing probe). For a method that returns a Task or ValueTask
/// the durations run to the task's completion, and <paramref name="Synchronous"/> is the part until the method
/// returned its task (null for other methods).</summary>
public sealed record TimingSnapshot(long Completed, double P50Microseconds, double P99Microseconds, double MaxMicroseconds, long Exceptions, SynchronousPart? Synchronous = null);

/// <summary>The synchronous part of task-returning calls: from entry until the method returned its task (whether the
/// task was complete then or not), over every call that returned one.</summary>
public sealed record SynchronousPart(long Returned, double P50Microseconds, double P99Microseconds, double MaxMicroseconds);

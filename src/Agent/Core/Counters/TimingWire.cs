using Instr.Protocol.V1;

namespace Instr.Agent.Counters;

/// <summary>The engine's timing reading onto a watch row: the since-patch figures, and the synchronous part of
/// task-returning calls. One place for both streams (Watch and WatchChanges).</summary>
internal static class TimingWire
{
    public static void Fill(MethodCounter row, Patching.TimingSnapshot timing)
    {
        row.P50Us = timing.P50Microseconds;
        row.P99Us = timing.P99Microseconds;
        row.MaxUs = timing.MaxMicroseconds;
        row.Exceptions = timing.Exceptions;
        row.Synchronous = timing.Synchronous is { } part
            ? new SynchronousPart { Returned = part.Returned, P50Us = part.P50Microseconds, P99Us = part.P99Microseconds, MaxUs = part.MaxMicroseconds }
            : null;
    }
}

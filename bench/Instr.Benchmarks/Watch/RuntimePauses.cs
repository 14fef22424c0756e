using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Instr.Benchmarks.Watch;

/// <summary>
/// Every time another process's runtime stops all its managed threads (for a GC, or for the engine's own suspended
/// code writes through its profiler), from the runtime's own events over EventPipe: each pause runs from
/// GCSuspendEEStart to GCRestartEEStop, so it includes the GC or the writes done while stopped. What the app feels as
/// "stopped", measured where the runtime does it, not guessed from outside.
/// </summary>
internal sealed class RuntimePauses : IDisposable
{
    private readonly EventPipeSession session;
    private readonly Task reader;
    private readonly List<(double Milliseconds, GCSuspendEEReason Reason)> pauses = [];

    private RuntimePauses(EventPipeSession session)
    {
        this.session = session;
        reader = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            var clr = new ClrTraceEventParser(source);
            double started = -1;
            var reason = GCSuspendEEReason.SuspendOther;
            clr.GCSuspendEEStart += e => (started, reason) = (e.TimeStampRelativeMSec, e.Reason);
            clr.GCRestartEEStop += e =>
            {
                if (started >= 0)
                {
                    lock (pauses)
                    {
                        pauses.Add((e.TimeStampRelativeMSec - started, reason));
                    }

                    started = -1;
                }
            };
            source.Process();
        });
    }

    /// <summary>Starts listening to the runtime of <paramref name="pid"/> (GC keyword, informational).</summary>
    public static RuntimePauses Start(int pid)
    {
        var provider = new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC);
        return new RuntimePauses(new DiagnosticsClient(pid).StartEventPipeSession([provider], requestRundown: false));
    }

    /// <summary>Stops listening and returns the longest pause (ms) and the longest one not for a GC (ms), 0 when none.</summary>
    public (double Longest, double LongestNotForGc) Stop()
    {
        session.Stop();
        reader.Wait(TimeSpan.FromSeconds(30));
        lock (pauses)
        {
            var longest = pauses.Count == 0 ? 0 : pauses.Max(p => p.Milliseconds);
            var notForGc = pauses.Where(p => p.Reason is not (GCSuspendEEReason.SuspendForGC or GCSuspendEEReason.SuspendForGCPrep)).ToList();
            return (longest, notForGc.Count == 0 ? 0 : notForGc.Max(p => p.Milliseconds));
        }
    }

    public void Dispose() => session.Dispose();
}

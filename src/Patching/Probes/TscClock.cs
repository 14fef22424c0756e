using System.Diagnostics;
using Instr.Patching.Interop;

namespace Instr.Patching.Probes;

/// <summary>
/// The timing probe's clock: the CPU's time-stamp counter (invariant on the x64 machines the engine serves:
/// constant_tsc and nonstop_tsc, so it ticks at one rate on every core, in every power state). A read is one
/// rdtsc through a native leaf (no GC transition), a few ns; the rate is measured once against the monotonic clock.
/// </summary>
internal static unsafe class TscClock
{
    private static readonly Lazy<double> TicksPerMicrosecondValue = new(Calibrate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static long Now() => (long)NativeHelper.Rdtsc();

    public static double TicksPerMicrosecond => TicksPerMicrosecondValue.Value;

    /// <summary>Measures the TSC rate over ~20 ms against Stopwatch. Each end is read between two Stopwatch reads and
    /// retried when that bracket is wide (the thread was preempted between the reads), so the error stays far below
    /// the histogram's 1.6%.</summary>
    private static double Calibrate()
    {
        var (startTicks, startStopwatch) = Pair();
        Thread.Sleep(20);
        var (endTicks, endStopwatch) = Pair();
        var microseconds = (endStopwatch - startStopwatch) * 1_000_000.0 / Stopwatch.Frequency;
        return microseconds > 0 ? (endTicks - startTicks) / microseconds : 1000.0;
    }

    private static (long Tsc, double Stopwatch) Pair()
    {
        var best = (Tsc: 0L, Stopwatch: 0.0);
        var narrowest = long.MaxValue;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var before = Stopwatch.GetTimestamp();
            var tsc = Now();
            var after = Stopwatch.GetTimestamp();
            if (after - before < narrowest)
            {
                narrowest = after - before;
                best = (tsc, (before + after) / 2.0);
            }
        }

        return best;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Instr.Patching.Scenarios;

/// <summary>The timing probe: durations, exceptions and counts against what the scenario itself measured and made.
/// Details are key=value pairs separated by ';' (the tests read them).</summary>
internal static partial class ScenarioCatalog
{
    private static readonly Dictionary<string, Func<ScenarioResult>> Timing = new()
    {
        ["timing-sleep-mix"] = TimingSleepMix,
        ["timing-throws-every-third"] = TimingThrowsEveryThird,
        ["timing-async-delay"] = TimingAsyncDelay,
        ["timing-struct-return"] = TimingStructReturn,
        ["timing-generic"] = TimingGeneric,
        ["timing-four-threads"] = TimingFourThreads,
        ["timing-before-first-call"] = TimingBeforeFirstCall,
        ["timing-switch-under-load"] = TimingSwitchUnderLoad,
        ["timing-cost"] = TimingCost,
    };

    private static PatchedMethod PatchTiming(MethodBase method)
    {
        var result = MethodPatcher.Shared.Patch(method, ProbeKind.Timing);
        if (result.Handle is null)
        {
            Console.WriteLine($"RESULT expected=0 counted=-1 detail=refused: {result.RefusalReason}");
            Environment.Exit(4);
        }

        return result.Handle;
    }

    private static string TimingText(TimingSnapshot? t) => t is null
        ? "timing=none"
        : string.Create(CultureInfo.InvariantCulture, $"completed={t.Completed};exceptions={t.Exceptions};p50={t.P50Microseconds:0.###};p99={t.P99Microseconds:0.###};max={t.MaxMicroseconds:0.###}")
            + (t.Synchronous is { } s ? string.Create(CultureInfo.InvariantCulture, $";sync_returned={s.Returned};sync_p50={s.P50Microseconds:0.###};sync_max={s.MaxMicroseconds:0.###}") : "");

    /// <summary>Nearest-rank percentile of the durations the body measured itself (the engine uses the same definition).</summary>
    private static double TruePercentile(List<double> sorted, double p) => sorted[Math.Max(1, (int)Math.Ceiling(p * sorted.Count)) - 1];

    private static ScenarioResult TimingSleepMix()
    {
        Hammer.WarmToTier1(i => Check(TimingTargets.SleepMix(i % 3) == (i % 3) + 1, "SleepMix warm-up"));
        var patch = PatchTiming(Method(typeof(TimingTargets), nameof(TimingTargets.SleepMix)));
        const int Calls = 200;
        TimingTargets.SleepDurations = new double[Calls];
        for (var i = 0; i < Calls; i++)
        {
            Check(TimingTargets.SleepMix(i) == i + 1, "SleepMix result");
        }

        var measured = TimingTargets.SleepDurations.ToList();
        measured.Sort();
        var detail = string.Create(CultureInfo.InvariantCulture, $"{TimingText(patch.ReadTiming())};truth_p50={TruePercentile(measured, 0.5):0.###};truth_p99={TruePercentile(measured, 0.99):0.###};truth_max={measured[^1]:0.###}");
        return new ScenarioResult(Calls, patch.ReadCalls(), detail);
    }

    private static ScenarioResult TimingThrowsEveryThird()
    {
        Hammer.WarmToTier1(i => CallThrowing(i));
        var traceBefore = ThirdCallTrace();
        var patch = PatchTiming(Method(typeof(TimingTargets), nameof(TimingTargets.ThrowsEveryThird)));
        var made = Hammer.Run(30_000, i => CallThrowing(i));
        var traceAfter = ThirdCallTrace(); // one more call, one more exception
        return new ScenarioResult(made + 1, patch.ReadCalls(),
            $"{TimingText(patch.ReadTiming())};expected_exceptions={(made / 3) + 1};trace_unchanged={traceBefore == traceAfter};trace={traceAfter}");
    }

    private static void CallThrowing(int i)
    {
        try
        {
            Check(TimingTargets.ThrowsEveryThird(i) == i * 7L, "ThrowsEveryThird result");
            Check(i % 3 != 2, "ThrowsEveryThird did not throw");
        }
        catch (InvalidOperationException e)
        {
            Check(e.Message == "every third call " + i, "ThrowsEveryThird message");
        }
    }

    private static string ThirdCallTrace()
    {
        try
        {
            TimingTargets.ThrowsEveryThird(2);
            return "no exception";
        }
        catch (InvalidOperationException e)
        {
            return e.StackTrace?.ReplaceLineEndings(" / ").Replace(";", ",", StringComparison.Ordinal) ?? "no trace";
        }
    }

    private static ScenarioResult TimingAsyncDelay()
    {
        for (var i = 0; i < 40; i++)
        {
            Check(TimingTargets.DelayAsync(i).GetAwaiter().GetResult() == i + 1, "DelayAsync warm-up");
            Check(TimingTargets.DelayValueTaskAsync(i).AsTask().GetAwaiter().GetResult() == i * 2, "DelayValueTaskAsync warm-up");
        }

        var task = PatchTiming(Method(typeof(TimingTargets), nameof(TimingTargets.DelayAsync)));
        var valueTask = PatchTiming(Method(typeof(TimingTargets), nameof(TimingTargets.DelayValueTaskAsync)));
        var faulting = PatchTiming(Method(typeof(TimingTargets), nameof(TimingTargets.FaultsAfterDelayAsync)));
        const int Calls = 60;
        TimingTargets.DelayDurations = new double[2 * Calls]; // DelayAsync's calls first, then DelayValueTaskAsync's
        var running = new List<Task>();
        for (var i = 0; i < Calls; i++)
        {
            var value = i;
            running.Add(TimingTargets.DelayAsync(value).ContinueWith(t => Check(t.Result == value + 1, "DelayAsync result"), TaskScheduler.Default));
            running.Add(TimingTargets.DelayValueTaskAsync(value).AsTask().ContinueWith(t => Check(t.Result == value * 2, "DelayValueTaskAsync result"), TaskScheduler.Default));
            running.Add(TimingTargets.FaultsAfterDelayAsync(value).ContinueWith(t => Check(t.IsFaulted, "FaultsAfterDelayAsync faulted"), TaskScheduler.Default));
        }

        Task.WaitAll([.. running]);
        // The probe records a completion in the task's continuation, which may run just after the awaiter's: wait for it.
        WaitUntil(() => task.ReadTiming()!.Completed >= Calls && valueTask.ReadTiming()!.Completed >= Calls && faulting.ReadTiming()!.Exceptions >= Calls);
        var measured = TimingTargets.DelayDurations;
        string Truth(int first)
        {
            var sorted = measured.Skip(first).Take(Calls).ToList();
            sorted.Sort();
            return string.Create(CultureInfo.InvariantCulture, $";truth_p50={TruePercentile(sorted, 0.5):0.###}");
        }

        return new ScenarioResult(3L * Calls, task.ReadCalls() + valueTask.ReadCalls() + faulting.ReadCalls(),
            $"task:{TimingText(task.ReadTiming())}{Truth(0)};valuetask:{TimingText(valueTask.ReadTiming())}{Truth(Calls)};faulted:{TimingText(faulting.ReadTiming())}");
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition() && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(10);
        }
    }

    private static ScenarioResult TimingStructReturn()
    {
        var maker = new QuadMaker(5);
        void Call(int i)
        {
            var q = maker.Make(i);
            Check(q == new Quad(5 + i, 10 + i, 15 + i, 20 + i), "Quad result");
        }

        Hammer.WarmToTier1(Call);
        var patch = PatchTiming(Method(typeof(QuadMaker), nameof(QuadMaker.Make)));
        var made = Hammer.Run(100_000, Call);
        GC.Collect(); // a wrong return buffer corrupts the heap; a collection finds it
        return new ScenarioResult(made, patch.ReadCalls(), TimingText(patch.ReadTiming()));
    }

    private static ScenarioResult TimingGeneric()
    {
        var box = new TimedBox<string>("s");
        void Call(int i)
        {
            Check(TimedGenerics.Echo(i) == i, "Echo<int>");
            Check(TimedGenerics.Echo("x") == "x", "Echo<string>");
            Check(box.Describe() == "s", "TimedBox<string>.Describe");
        }

        Hammer.WarmToTier1(Call);
        var echo = typeof(TimedGenerics).GetMethod(nameof(TimedGenerics.Echo))!;
        var patches = new[]
        {
            PatchTiming(echo.MakeGenericMethod(typeof(int))),
            PatchTiming(echo.MakeGenericMethod(typeof(string))),
            PatchTiming(Method(typeof(TimedBox<string>), nameof(TimedBox<string>.Describe))),
        };
        var made = Hammer.Run(50_000, Call);
        var details = string.Join(";", patches.Select(p => $"{p.Method.DeclaringType!.Name}.{p.Method.Name}:{TimingText(p.ReadTiming())}:notes={string.Join(",", p.Notes)}"));
        var counted = patches.Select(p => p.ReadCalls()).ToArray();
        var completed = patches.Select(p => p.ReadTiming()!.Completed).ToArray();
        // Each of the three is called once per call: every count and every completed count must equal the calls made.
        var allEqual = counted.All(c => c == made) && completed.All(c => c == made);
        return new ScenarioResult(made, allEqual ? made : counted.Concat(completed).First(c => c != made), details);
    }

    private static ScenarioResult TimingFourThreads()
    {
        void Call(int i) => Check(TimingTargets.Mix(i) == ((i * 29L) ^ (i >> 3)), "Mix result");
        Hammer.WarmToTier1(Call);
        var patch = PatchTiming(Method(typeof(TimingTargets), nameof(TimingTargets.Mix)));
        var made = Hammer.Run(500_000, Call);
        return new ScenarioResult(made, patch.ReadCalls(), TimingText(patch.ReadTiming()));
    }

    /// <summary>Patched before its first call: Tier0 and then Tier1 bodies are detoured by the JIT hook.</summary>
    private static ScenarioResult TimingBeforeFirstCall()
    {
        var patch = PatchTiming(Method(typeof(TimingTargets), nameof(TimingTargets.MixFromStart)));
        var made = Hammer.Run(250_000, i => Check(TimingTargets.MixFromStart(i) == ((i * 23L) ^ (i >> 2)), "MixFromStart result"));
        Thread.Sleep(300); // tier-up in the background; then more calls through the new body
        made += Hammer.Run(250_000, i => Check(TimingTargets.MixFromStart(i) == ((i * 23L) ^ (i >> 2)), "MixFromStart result"));
        return new ScenarioResult(made, patch.ReadCalls(), TimingText(patch.ReadTiming()));
    }

    /// <summary>count → timing → count → timing on a live patch while 2 threads call it: the count never misses a call.</summary>
    private static ScenarioResult TimingSwitchUnderLoad()
    {
        void Call(int i) => Check(TimingTargets.Switched(i) == ((i * 19L) ^ (i >> 4)), "Switched result");
        Hammer.WarmToTier1(Call);
        var method = Method(typeof(TimingTargets), nameof(TimingTargets.Switched));
        var first = MethodPatcher.Shared.Patch(method, ProbeKind.Count).Handle!;
        var stop = 0;
        var made = new long[2];
        var workers = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            var i = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                Call(i++);
                made[t]++;
            }
        })).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        var steps = new List<string>();
        foreach (var probe in new[] { ProbeKind.Timing, ProbeKind.Count, ProbeKind.Timing })
        {
            Thread.Sleep(200);
            var switched = MethodPatcher.Shared.Patch(method, probe);
            Check(switched.Handle == first, "switch returns the same live patch");
            steps.Add($"{probe}:{switched.Handle?.Probe}");
        }

        Thread.Sleep(200);
        Volatile.Write(ref stop, 1);
        foreach (var worker in workers)
        {
            worker.Join();
        }

        var timing = first.ReadTiming();
        return new ScenarioResult(made.Sum(), first.ReadCalls(), $"{TimingText(timing)};steps={string.Join(",", steps)};coverage={first.Coverage.IsComplete}");
    }

    /// <summary>A rough ns-per-call comparison in one process (the bench is the real measurement): best of 5 rounds.</summary>
    private static ScenarioResult TimingCost()
    {
        const int Calls = 5_000_000;
        Hammer.WarmToTier1(i => TimingTargets.PlainForCost(i));
        Hammer.WarmToTier1(i => TimingTargets.TimedForCost(i));
        var patch = PatchTiming(Method(typeof(TimingTargets), nameof(TimingTargets.TimedForCost)));
        using var meter = new System.Diagnostics.Metrics.Meter("instr-cost");
        var histogram = meter.CreateHistogram<double>("instr.duration", unit: "s");
        Thread.Sleep(500);
        double Best(Func<long, long> call)
        {
            var best = double.MaxValue;
            for (var round = 0; round < 5; round++)
            {
                var start = Stopwatch.GetTimestamp();
                long sum = 0;
                for (var i = 0; i < Calls; i++)
                {
                    sum += call(i);
                }

                Check(sum > 0, "sum");
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / Calls);
            }

            return best;
        }

        var plain = Best(TimingTargets.PlainForCost);
        var timed = Best(TimingTargets.TimedForCost);
        // As in the agent: a Meter histogram is attached, and nobody listens to it (then, below, a listener does).
        Instr.Patching.Probes.DurationTap.Attach(histogram, "method", m => m.Name);
        var attached = Best(TimingTargets.TimedForCost);
        long heard = 0;
        double listened;
        using (var listener = new System.Diagnostics.Metrics.MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument == histogram)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, _, _, _) => heard++);
            listener.Start();
            listened = Best(TimingTargets.TimedForCost);
        }

        Instr.Patching.Probes.DurationTap.Detach(histogram);
        return new ScenarioResult(15L * Calls, patch.ReadCalls(),
            string.Create(CultureInfo.InvariantCulture, $"plain_ns={plain:0.##};timed_ns={timed:0.##};timed_attached_ns={attached:0.##};timed_listened_ns={listened:0.##};heard={heard};{TimingText(patch.ReadTiming())}"));
    }
}

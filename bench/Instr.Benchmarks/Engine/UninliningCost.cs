using System.Diagnostics;
using System.Reflection;
using Instr.Benchmarks.Summary;
using Instr.Patching;

namespace Instr.Benchmarks.Engine;

/// <summary>
/// What un-inlining costs, in this process (the engine is process-wide), after BenchmarkDotNet's runs:
/// <list type="bullet">
/// <item><c>uninline_1_ms</c> / <c>uninline_100_ms</c>: from the start of <c>Patch</c> of a method that 1 / 100 hot
/// Tier1 callers inlined until every one of those callers has run its recompiled code once (the recompile happens at
/// each caller's next call), i.e. until every inliner calls the patched method; checked by the count. Measured after
/// one warm patch/unpatch cycle (the profiler attach, 30–400 ms, happens once per process at the first patch).</item>
/// <item><c>inlined_caller_before_ns</c>, <c>_patched_ns</c>, <c>_after_unpatch_ns</c>: ns per loop iteration of a hot
/// caller whose callee was inlined — before the patch (inlined copy), while patched (the recompiled caller calls the
/// patched callee: the lost inline costs a call plus the count), and after unpatch (the original code back), with the
/// ratio <c>inlined_caller_after_unpatch_ratio</c> to the before figure. Medians of 11 timed runs each.</item>
/// </list>
/// </summary>
public sealed class UninliningCost : ISummaryContributor
{
    private const long Iterations = 200_000;

    public IEnumerable<KeyValuePair<string, double>> Measure()
    {
        var engine = MethodPatcher.Shared;

        var single = typeof(InlinedCallee).GetMethod(nameof(InlinedCallee.Single))!;
        var scale = typeof(InlinedCallee).GetMethod(nameof(InlinedCallee.Scale))!;
        WarmUp([InlinedCallee.CallSingle, .. InliningCallers.All]);

        // Once per process, not measured: the engine's profiler attaches at the first patch, the runtime's list of
        // DynamicMethods compiled before the engine is read once, and the un-inlining code itself gets compiled.
        var before = PerIteration(InlinedCallee.CallSingle);
        PatchAndReachAll(engine, single, [InlinedCallee.CallSingle]);
        engine.Unpatch(single);
        WaitForOriginal(InlinedCallee.CallSingle, before);
        before = PerIteration(InlinedCallee.CallSingle);

        var (one, _) = PatchAndReachAll(engine, single, [InlinedCallee.CallSingle]);
        Settle(InlinedCallee.CallSingle);
        var patched = PerIteration(InlinedCallee.CallSingle);
        engine.Unpatch(single);
        WaitForOriginal(InlinedCallee.CallSingle, before);
        var after = PerIteration(InlinedCallee.CallSingle);

        var (hundred, _) = PatchAndReachAll(engine, scale, InliningCallers.All);
        engine.Unpatch(scale);

        yield return new("uninline_1_ms", one);
        yield return new("uninline_100_ms", hundred);
        yield return new("inlined_caller_before_ns", before);
        yield return new("inlined_caller_patched_ns", patched);
        yield return new("inlined_caller_after_unpatch_ns", after);
        yield return new("inlined_caller_after_unpatch_ratio", after / before);
    }

    /// <summary>Patches the callee, then calls each caller once: returns the milliseconds until all ran, and checks
    /// that every call of the callee they made was counted (so each did call the patched method).</summary>
    private static (double Ms, long Counted) PatchAndReachAll(MethodPatcher engine, MethodInfo callee, IReadOnlyList<Func<long, long>> callers)
    {
        const long CallsEach = 10;
        var clock = Stopwatch.StartNew();
        var patch = engine.Patch(callee);
        if (patch.Handle is null)
        {
            throw new InvalidOperationException($"{callee.Name} refused: {patch.RefusalReason}");
        }

        foreach (var caller in callers)
        {
            caller(CallsEach);
        }

        var ms = clock.Elapsed.TotalMilliseconds;
        var counted = patch.Handle.ReadCalls();
        if (counted != CallsEach * callers.Count)
        {
            throw new InvalidOperationException($"{callee.Name}: counted {counted} of {CallsEach * callers.Count} calls made through {callers.Count} inlining callers");
        }

        return (ms, counted);
    }

    /// <summary>Until the callers' Tier1 code (with the callee inlined) is in place: calls, then the tiering delay.</summary>
    private static void WarmUp(IReadOnlyList<Func<long, long>> callers)
    {
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < 40; i++)
            {
                foreach (var caller in callers)
                {
                    caller(50);
                }
            }

            Thread.Sleep(300);
        }
    }

    /// <summary>The recompiled caller starts at Tier0 and tiers up again: measure it once it has.</summary>
    private static void Settle(Func<long, long> caller)
    {
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < 40; i++)
            {
                caller(50);
            }

            Thread.Sleep(300);
        }
    }

    /// <summary>After unpatch the original code comes back (ReJIT reverted): wait until the caller runs as fast as
    /// before again, at most a few seconds (the revert is immediate, or a second later after a short-lived patch).</summary>
    private static void WaitForOriginal(Func<long, long> caller, double before)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(5) && PerIteration(caller) > before * 1.3)
        {
            Thread.Sleep(200);
        }
    }

    private static double PerIteration(Func<long, long> caller)
    {
        var runs = new double[11];
        for (var r = 0; r < runs.Length; r++)
        {
            var clock = Stopwatch.StartNew();
            caller(Iterations);
            runs[r] = clock.Elapsed.TotalNanoseconds / Iterations;
        }

        Array.Sort(runs);
        return runs[runs.Length / 2];
    }
}

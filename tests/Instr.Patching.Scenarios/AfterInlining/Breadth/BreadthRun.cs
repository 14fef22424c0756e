using System.Diagnostics;
using Instr.Patching.Scenarios.AfterInlining.JitEvents;

namespace Instr.Patching.Scenarios.AfterInlining.Breadth;

/// <summary>
/// Runs breadth kinds in one process: warms every dispatcher until the JIT's events settle each precondition,
/// records every dispatcher's results for the inputs used later, patches every callee, then 4 threads call every
/// dispatcher. Prints one line per kind,
/// <c>KIND name=.. met=.. expected=.. counted=.. wrong=.. evidence=..</c> (results compared with the ones recorded
/// before the patch), and a RESULT line with the totals.
/// </summary>
internal static class BreadthRun
{
    public const int CallsPerThread = 10_000;
    private const int CallsPerWarmUpRound = 200;
    private static readonly TimeSpan s_warmUpLimit = TimeSpan.FromSeconds(60);

    /// <param name="kinds">The kinds to run.</param>
    /// <param name="patchFirst">The control run: patch after one call, before the warm-up (nothing gets inlined), to show each kind's
    /// calls reach its callee and its ground truth is right with today's engine.</param>
    public static ScenarioResult Run(IReadOnlyList<BreadthKind> kinds, bool patchFirst = false)
    {
        using var witness = new JitCompileWitness();
        _ = MethodPatcher.Shared;
        // Control: one Tier0 call of each (generic instantiations exist, nothing is inlined yet), then the patches.
        List<PatchResult>? early = patchFirst ? [.. kinds.Select(k => { _ = k.Call(0); return MethodPatcher.Shared.Patch(k.Patch); })] : null;
        List<PreconditionState> states = WarmUntilSettled(kinds, witness);
        long[][] before = [.. kinds.Select(k => Enumerable.Range(0, CallsPerThread).Select(k.Call).ToArray())];

        List<PatchResult> patches = early ?? [.. kinds.Select(k => MethodPatcher.Shared.Patch(k.Patch))];
        long[] baselines = [.. patches.Select(p => p.Handle?.ReadCalls() ?? 0)];
        var wrong = new long[kinds.Count];
        long made = Hammer.Run(CallsPerThread, i =>
        {
            for (var k = 0; k < kinds.Count; k++)
            {
                if (patches[k].Succeeded && kinds[k].Call(i) != before[k][i])
                {
                    Interlocked.Increment(ref wrong[k]);
                }
            }
        });

        long expectedTotal = 0, countedTotal = 0;
        var exact = 0;
        for (var k = 0; k < kinds.Count; k++)
        {
            long expected = Hammer.Threads * Enumerable.Range(0, CallsPerThread).Sum(kinds[k].PatchedCalls);
            long counted = patches[k].Handle is { } live ? live.ReadCalls() - baselines[k] : -1;
            string evidence = patches[k].Handle is { } handle
                ? $"{(kinds[k].WhyNotInlined is { } why ? $"not an inlining case ({why}): " : "")}{states[k].Evidence}; "
                    + $"coverage {handle.Coverage.State}; notes: {string.Join(" | ", handle.Notes)}"
                : "refused: " + patches[k].RefusalReason;
            Console.WriteLine($"KIND name={kinds[k].Name} met={(patchFirst ? "control" : states[k].Met)} expected={expected} counted={counted} wrong={wrong[k]} evidence={evidence}");
            expectedTotal += expected;
            countedTotal += counted;
            exact += counted == expected && wrong[k] == 0 && (states[k].Met || patchFirst) ? 1 : 0;
        }

        string detail = $"{exact} of {kinds.Count} kinds exact{(patchFirst ? " (control: patched before the warm-up)" : " with their precondition met")}; "
            + $"dispatcher calls made {made} per kind";
        return new ScenarioResult(expectedTotal, wrong.Sum() > 0 ? -1 : countedTotal, detail);
    }

    private static List<PreconditionState> WarmUntilSettled(IReadOnlyList<BreadthKind> kinds, JitCompileWitness witness)
    {
        var clock = Stopwatch.StartNew();
        for (var round = 1; ; round++)
        {
            foreach (BreadthKind kind in kinds)
            {
                for (var i = 0; i < CallsPerWarmUpRound; i++)
                {
                    _ = kind.Call(i);
                }
            }

            List<PreconditionState> states = [.. kinds.Select(k => PreconditionCheck.Evaluate(witness, k.Precondition))];
            if ((round >= 2 && states.All(s => s.Settled)) || clock.Elapsed > s_warmUpLimit)
            {
                return states;
            }

            Thread.Sleep(40); // the runtime delays tier-up until no new Tier0 code appeared for 100 ms
        }
    }
}

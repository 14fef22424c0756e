using System.Diagnostics;
using Instr.Patching.Scenarios.AfterInlining.JitEvents;

namespace Instr.Patching.Scenarios.AfterInlining;

/// <summary>
/// Runs a <see cref="HotCallerCase"/>: warms the caller until the JIT's own events prove the callee is inlined into
/// the code new calls run (printed as PRECONDITION lines), patches, makes the calls from 4 threads, and reports the
/// count against the calls made. A precondition that does not hold is printed with met=False and its evidence; the
/// scenario still runs, so the test can say "precondition not met" rather than report a misleading count.
/// The control run (<c>patchFirst</c>) patches after one call, before the warm-up, so the JIT never inlines the callee:
/// it shows that the scenario's calls reach the callee and that its ground truth is right, with today's engine.
/// </summary>
internal static class HotCallerRun
{
    private const int CallsPerWarmUpRound = 500;
    private static readonly TimeSpan s_warmUpLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_eventLimit = TimeSpan.FromSeconds(20);

    public static ScenarioResult Run(HotCallerCase scenario, bool patchFirst = false)
    {
        using var witness = new JitCompileWitness();
        if (!scenario.EngineStartsAfterWarmUp)
        {
            _ = MethodPatcher.Shared; // as with the agent: the engine's JIT hook is in place before the app warms up
        }

        var check = new ResultCheck(scenario.Expected);
        PatchResult? patch = null;
        if (patchFirst)
        {
            if (scenario.WarmUp == WarmUp.UntilFinalTier)
            {
                check.Verify(0, scenario.Call(0)); // one Tier0 call: generic instantiations exist, nothing is inlined yet
            }

            patch = MethodPatcher.Shared.Patch(scenario.Patch);
        }

        List<PreconditionState> states = scenario.WarmUp == WarmUp.OneLongCall
            ? WarmWithOneCall(scenario, witness, check)
            : WarmUntilInlined(scenario, witness, check);
        states.ForEach(state => Console.WriteLine(patchFirst ? "CONTROL " + state.ToLine() : state.ToLine()));

        if (check.Wrong > 0)
        {
            return new ScenarioResult(0, -1, "wrong results during the warm-up: " + check.Summary);
        }

        long mark = witness.NextSequence;
        if (!scenario.WitnessDuringCalls)
        {
            witness.Dispose();
        }

        patch ??= MethodPatcher.Shared.Patch(scenario.Patch);
        if (patch.Handle is not { } handle)
        {
            return ScenarioResult.Refused(patch.RefusalReason ?? "?");
        }

        long baseline = handle.ReadCalls(); // the control run's warm-up calls were counted too
        long made = Hammer.Run(scenario.CallsPerThread, i => check.Verify(i, scenario.Call(i)));
        long counted = handle.ReadCalls() - baseline;
        string detail = string.Join("; ",
            patchFirst ? "control: patched before the warm-up" : states.All(s => s.Met) ? "precondition met" : "PRECONDITION NOT MET",
            $"calls made {made} x {scenario.PatchedCallsPerCall}",
            check.Summary,
            $"coverage {handle.Coverage.State}{(handle.Coverage.Reason is { } reason ? ": " + reason : "")}",
            "after the patch: " + (scenario.WitnessDuringCalls ? RecompiledCallers(witness, states, mark) : "not watched"),
            "notes: " + string.Join(" | ", handle.Notes));
        return new ScenarioResult(made * scenario.PatchedCallsPerCall, check.Wrong > 0 ? -1 : counted, detail);
    }

    public static List<PreconditionState> WarmUntilInlined(HotCallerCase scenario, JitCompileWitness witness, ResultCheck check)
    {
        var clock = Stopwatch.StartNew();
        for (var round = 1; ; round++)
        {
            for (var i = 0; i < CallsPerWarmUpRound; i++)
            {
                check.Verify(i, scenario.Call(i));
            }

            List<PreconditionState> states = Evaluate(scenario, witness);
            if ((round >= 2 && states.All(s => s.Settled)) || clock.Elapsed > s_warmUpLimit)
            {
                return states;
            }

            Thread.Sleep(40); // the runtime delays tier-up until no new Tier0 code appeared for 100 ms
        }
    }

    private static List<PreconditionState> WarmWithOneCall(HotCallerCase scenario, JitCompileWitness witness, ResultCheck check)
    {
        check.Verify(0, scenario.Call(0));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            List<PreconditionState> states = Evaluate(scenario, witness);
            if (states.All(s => s.Settled) || clock.Elapsed > s_eventLimit)
            {
                return states;
            }

            Thread.Sleep(50); // the events of the compiles arrive on the listener's thread
        }
    }

    private static List<PreconditionState> Evaluate(HotCallerCase scenario, JitCompileWitness witness) =>
        scenario.Preconditions.Select(spec => PreconditionCheck.Evaluate(witness, spec)).ToList();

    /// <summary>What the JIT compiled for the preconditions' callers after the patch (informational).</summary>
    private static string RecompiledCallers(JitCompileWitness witness, List<PreconditionState> states, long mark)
    {
        List<JitCompile> later = witness.Compiles.Where(c => c.Sequence >= mark).ToList();
        IEnumerable<string> perCaller = states.Select(s =>
        {
            List<JitCompile> compiles = later.Where(c => PreconditionCheck.IsCompileOf(c, s.Spec.Caller)).ToList();
            if (compiles.Count == 0)
            {
                return $"{InlinedInto.Display(s.Spec.Caller)} not recompiled";
            }

            int stillInlined = compiles.Count(c => PreconditionCheck.Inlines(c, s.Spec.Callee) is not null);
            return $"{InlinedInto.Display(s.Spec.Caller)} recompiled {string.Join(" > ", compiles.Select(c => c.Tier))} (callee inlined in {stillInlined})";
        });
        return string.Join(", ", perCaller.Distinct());
    }
}

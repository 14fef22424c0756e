using Instr.Patching.Probes;

namespace Instr.Patching.Scenarios;

// Probe code that throws: the app's calls keep their results, exceptions and stack traces, the counts stay exact,
// and the engine records each throw.
internal static partial class ScenarioCatalog
{
    private static readonly Dictionary<string, Func<ScenarioResult>> ProbeFaultScenarios = new()
    {
        ["probe-throws"] = ProbeThrows,
    };

    private static ScenarioResult ProbeThrows()
    {
        ProbeRegistry.Add(new ProbeDefinition(ThrowingProbe.Kind, typeof(ThrowingProbe), Read: null));
        void CallAll(int i)
        {
            Check(TimingTargets.MixFromStart(i) == ((i * 23L) ^ (i >> 2)), "MixFromStart result");
            CallThrowing(i);
            Check(TimingTargets.CompletedTaskAsync(i).GetAwaiter().GetResult() == i + 3, "CompletedTaskAsync result");
        }

        Hammer.WarmToTier1(CallAll);
        var traceBefore = ThirdCallTrace();
        var patches = new[]
        {
            PatchWith(Method(typeof(TimingTargets), nameof(TimingTargets.MixFromStart))),
            PatchWith(Method(typeof(TimingTargets), nameof(TimingTargets.ThrowsEveryThird))),
            PatchWith(Method(typeof(TimingTargets), nameof(TimingTargets.CompletedTaskAsync))),
        };

        const int CallsPerThread = 3_000;
        long made = 0;
        var failuresBefore = MethodPatcher.Faults.ProbeFailures;
        foreach (var hooks in new[] { ThrowingProbe.Hooks.Entry, ThrowingProbe.Hooks.End })
        {
            ThrowingProbe.Throwing = hooks;
            made += Hammer.Run(CallsPerThread, CallAll);
        }

        // Each call threw once in the probe: at entry in the first round (then no end hook runs), at its end in the second.
        var thrown = MethodPatcher.Faults.ProbeFailures - failuresBefore;
        ThrowingProbe.Throwing = ThrowingProbe.Hooks.End;
        var traceAfter = ThirdCallTrace(); // one more call of ThrowsEveryThird, its end hook throws too
        ThrowingProbe.Throwing = ThrowingProbe.Hooks.None;
        var counted = patches.Sum(p => p.ReadCalls());
        return new ScenarioResult(3 * made + 1, counted,
            $"probe_failures={thrown};expected_failures={3 * made};trace_unchanged={traceBefore == traceAfter};last={MethodPatcher.Faults.LastProbeFailure}");
    }

    private static PatchedMethod PatchWith(System.Reflection.MethodBase method)
    {
        var result = MethodPatcher.Shared.Patch(method, ThrowingProbe.Kind);
        if (result.Handle is null)
        {
            Console.WriteLine($"RESULT expected=0 counted=-1 detail=refused: {result.RefusalReason}");
            Environment.Exit(4);
        }

        return result.Handle;
    }
}

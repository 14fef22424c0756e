using System.Reflection;
using Instr.Patching.Inlining;

namespace Instr.Patching.Scenarios.Inlining;

/// <summary>
/// Callers reach Tier1 with the callees inlined (the analyzer's verdicts prove it), then the callees are patched and
/// called through each caller: every call must be counted, through the callers that had inlined them too. Prints two lines:
/// <c>reality-direct\tverdict=.. through=N direct=M counted=C</c> (a tiny static callee) and
/// <c>reality-guarded\tinlinedVerdict=.. dispatchVerdict=.. throughInlined=N throughDispatch=M counted=C</c>
/// (a virtual override inlined by guarded devirtualization in one caller, dispatched to in the other).
/// </summary>
internal static class InliningRealityScenario
{
    public const string Name = "inlining-reality";

    private const int CallsThroughCaller = 100_000;
    private const int DirectCalls = 1_000;

    public static int Run()
    {
        InlBase a = new InlDerivedA();
        InlBase b = new InlDerivedB();
        long checksum = InliningWarmUp.Run(
            () =>
            {
                long sum = 0;
                for (int i = 0; i < 100; i++)
                {
                    sum += InlCallers.InlTieredScaleCaller(i);
                    sum += InlCallers.InlGuardedCaller(i % 20 == 0 ? b : a) + InlCallers.InlOtherGuardedCaller(b);
                }

                return sum;
            },
            typeof(InlCallees).GetMethod(nameof(InlCallees.InlScale))!,
            nameof(InlCallers.InlTieredScaleCaller));

        var analyzer = new InlinedCallerAnalyzer();
        checksum += DirectCallee(analyzer);
        checksum += GuardedCallee(analyzer, a);
        Console.WriteLine($"checksum\t{checksum}");
        return 0;
    }

    private static long DirectCallee(InlinedCallerAnalyzer analyzer)
    {
        MethodInfo callee = typeof(InlCallees).GetMethod(nameof(InlCallees.InlScale))!;
        string verdict = VerdictOf(analyzer.Analyze(callee), nameof(InlCallers.InlTieredScaleCaller));
        if (Patch(callee, "reality-direct", verdict) is not { } handle)
        {
            return 0;
        }

        long checksum = 0;
        for (int i = 0; i < CallsThroughCaller; i++)
        {
            checksum += InlCallers.InlTieredScaleCaller(i);
        }

        for (int i = 0; i < DirectCalls; i++)
        {
            checksum += CallDirectly(i);
        }

        Console.WriteLine($"reality-direct\tverdict={verdict} through={CallsThroughCaller} direct={DirectCalls} counted={handle.ReadCalls()}");
        return checksum;
    }

    private static long GuardedCallee(InlinedCallerAnalyzer analyzer, InlBase a)
    {
        MethodInfo callee = typeof(InlDerivedA).GetMethod(nameof(InlDerivedA.InlValue))!;
        InliningReport report = analyzer.Analyze(callee);
        string inlinedVerdict = VerdictOf(report, nameof(InlCallers.InlGuardedCaller));
        string dispatchVerdict = VerdictOf(report, nameof(InlCallers.InlOtherGuardedCaller));
        if (Patch(callee, "reality-guarded", inlinedVerdict) is not { } handle)
        {
            return 0;
        }

        long checksum = 0;
        for (int i = 0; i < CallsThroughCaller; i++)
        {
            checksum += InlCallers.InlGuardedCaller(a);
        }

        for (int i = 0; i < DirectCalls; i++)
        {
            checksum += InlCallers.InlOtherGuardedCaller(a);
        }

        Console.WriteLine($"reality-guarded\tinlinedVerdict={inlinedVerdict} dispatchVerdict={dispatchVerdict} "
            + $"throughInlined={CallsThroughCaller} throughDispatch={DirectCalls} counted={handle.ReadCalls()}");
        return checksum;
    }

    private static PatchedMethod? Patch(MethodInfo callee, string label, string verdict)
    {
        PatchResult patch = MethodPatcher.Shared.Patch(callee);
        if (patch.Handle is null)
        {
            Console.WriteLine($"{label}\tverdict={verdict} patch refused: {patch.RefusalReason}");
        }

        return patch.Handle;
    }

    private static string VerdictOf(InliningReport report, string callerName) =>
        report.Callers.Single(v => v.Caller.Name == callerName).State.ToString();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static long CallDirectly(long value) => InlCallees.InlScale(value, 5);
}

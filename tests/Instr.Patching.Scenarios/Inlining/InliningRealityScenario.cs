using System.Diagnostics;
using System.Reflection;
using Instr.Patching.Inlining;

namespace Instr.Patching.Scenarios.Inlining;

/// <summary>
/// Checks the "inlined" verdict against the patch engine: a Tier1 caller that inlined the callee is
/// reported, then the callee is patched; calls through that caller must not be counted, while direct calls
/// made after the patch are. Prints <c>reality\tverdict=.. throughCaller=N direct=M counted=C</c>.
/// </summary>
internal static class InliningRealityScenario
{
    public const string Name = "inlining-reality";

    private const int CallsThroughCaller = 100_000;
    private const int DirectCalls = 1_000;

    public static int Run()
    {
        var stopwatch = Stopwatch.StartNew();
        long checksum = 0;
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(3))
        {
            for (int i = 0; i < 100; i++)
            {
                checksum += InlCallers.InlTieredScaleCaller(i);
            }

            Thread.Sleep(20);
        }

        MethodInfo callee = typeof(InlCallees).GetMethod(nameof(InlCallees.InlScale))!;
        InliningReport report = new InlinedCallerAnalyzer().Analyze(callee);
        string verdict = report.Callers.Single(v => v.Caller.Name == nameof(InlCallers.InlTieredScaleCaller)).State.ToString();
        PatchResult patch = MethodPatcher.Shared.Patch(callee);
        if (patch.Handle is not { } handle)
        {
            Console.WriteLine($"reality\tverdict={verdict} patch refused: {patch.RefusalReason}");
            return 0;
        }

        for (int i = 0; i < CallsThroughCaller; i++)
        {
            checksum += InlCallers.InlTieredScaleCaller(i);
        }

        for (int i = 0; i < DirectCalls; i++)
        {
            checksum += CallDirectly(i);
        }

        Console.WriteLine($"reality\tverdict={verdict} throughCaller={CallsThroughCaller} direct={DirectCalls} counted={handle.ReadCalls()} checksum={checksum}");
        return 0;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static long CallDirectly(long value) => InlCallees.InlScale(value, 5);
}

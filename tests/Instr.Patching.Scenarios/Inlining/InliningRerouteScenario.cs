using System.Reflection;
using Instr.Patching.Inlining;

namespace Instr.Patching.Scenarios.Inlining;

/// <summary>
/// The opt-in re-route: a Tier1 caller inlined <see cref="InlCallees.InlScale"/>; the callee is patched, the
/// analyzer reports the caller, the rerouter points it at an IL clone; then every call through the caller is
/// counted and every result is still right. Prints
/// <c>reroute\tverdict=.. rerouted=N refused=M calls=C counted=K wrongResults=W</c>.
/// </summary>
internal static class InliningRerouteScenario
{
    public const string Name = "inlining-reroute";

    private const int Calls = 100_000;

    public static int Run()
    {
        MethodInfo callee = typeof(InlCallees).GetMethod(nameof(InlCallees.InlScale))!;
        long checksum = InliningWarmUp.Run(
            () =>
            {
                long sum = 0;
                for (int i = 0; i < 100; i++)
                {
                    sum += InlCallers.InlTieredScaleCaller(i);
                }

                return sum;
            },
            callee,
            nameof(InlCallers.InlTieredScaleCaller));

        PatchResult patch = MethodPatcher.Shared.Patch(callee);
        if (patch.Handle is not { } handle)
        {
            Console.WriteLine($"reroute\tpatch refused: {patch.RefusalReason}");
            return 0;
        }

        InliningReport report = new InlinedCallerAnalyzer().Analyze(callee);
        string verdict = report.Callers.Single(v => v.Caller.Name == nameof(InlCallers.InlTieredScaleCaller)).State.ToString();
        RerouteResult reroute = InlinedCallerRerouter.Reroute(report);
        foreach ((MethodBase caller, string reason) in reroute.Refused)
        {
            Console.WriteLine($"refused\t{caller.Name}\t{reason}");
        }

        long before = handle.ReadCalls();
        int wrong = 0;
        for (int i = 0; i < Calls; i++)
        {
            long expected = (i * 3L) + (i >> 3) + 12345 - 1;
            if (InlCallers.InlTieredScaleCaller(i) != expected)
            {
                wrong++;
            }
        }

        Console.WriteLine($"reroute\tverdict={verdict} rerouted={reroute.Rerouted.Count} refused={reroute.Refused.Count} "
            + $"calls={Calls} counted={handle.ReadCalls() - before} wrongResults={wrong} checksum={checksum}");
        return 0;
    }
}

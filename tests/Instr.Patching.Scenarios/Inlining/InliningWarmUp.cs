using System.Diagnostics;
using System.Reflection;
using Instr.Patching.Inlining;

namespace Instr.Patching.Scenarios.Inlining;

/// <summary>
/// Calls the scenario's callers until tiering has had its chance: at least 3 s, and on a loaded machine longer
/// (up to 30 s) until the tier-up caller's code no longer calls its callee. The tests still check the JIT's own
/// listing, so waiting on the analyzer cannot make a wrong verdict pass.
/// </summary>
internal static class InliningWarmUp
{
    private static readonly TimeSpan s_minimum = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_maximum = TimeSpan.FromSeconds(30);

    public static long Run(Func<long> oneRound, MethodBase callee, string tieredCallerName)
    {
        long checksum = 0;
        var analyzer = new InlinedCallerAnalyzer();
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < s_maximum)
        {
            checksum += oneRound();
            Thread.Sleep(20);
            if (stopwatch.Elapsed >= s_minimum && IsInlined(analyzer, callee, tieredCallerName))
            {
                break;
            }
        }

        return checksum;
    }

    private static bool IsInlined(InlinedCallerAnalyzer analyzer, MethodBase callee, string callerName) =>
        analyzer.Analyze(callee).Callers.Any(verdict => verdict.Caller.Name == callerName && verdict.State == CallerState.Inlined);
}

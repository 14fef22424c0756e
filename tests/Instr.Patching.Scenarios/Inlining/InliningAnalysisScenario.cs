using System.Reflection;
using Instr.Patching.Inlining;

namespace Instr.Patching.Scenarios.Inlining;

/// <summary>
/// Compiles the callers of <see cref="InlCallers"/> (one by ordinary tier-up to Tier1, the others optimized
/// at first call), then runs the inlining analysis for each callee and prints one tab-separated line per
/// verdict, note and statistic, for the test to compare with the JIT's own listing.
/// </summary>
internal static class InliningAnalysisScenario
{
    public const string Name = "inlining-analyze";

    public static int Run()
    {
        long checksum = CompileCallers();
        var analyzer = new InlinedCallerAnalyzer();
        MethodBase[] callees =
        [
            typeof(InlCallees).GetMethod(nameof(InlCallees.InlIncrement))!,
            typeof(InlCallees).GetMethod(nameof(InlCallees.InlTripleNoInline))!,
            typeof(InlCallees).GetMethod(nameof(InlCallees.InlEcho))!,
            typeof(InlBox<>).GetMethod(nameof(InlBox<int>.InlGet))!,
            typeof(InlDerivedA).GetMethod(nameof(InlDerivedA.InlValue))!,
            typeof(string).GetMethod(nameof(string.IsNullOrEmpty), [typeof(string)])!,
        ];
        foreach (MethodBase callee in callees)
        {
            Print(callee, analyzer.Analyze(callee));
        }

        // The same query again: every assembly index now comes from the cache.
        Print(callees[^1], analyzer.Analyze(callees[^1]), statisticsOnly: true);

        // A fresh analyzer (empty cache) once the scan code is compiled: the cost of indexing every assembly.
        Print(callees[^1], new InlinedCallerAnalyzer().Analyze(callees[^1]), statisticsOnly: true);
        Console.WriteLine($"checksum\t{checksum}");
        return 0;
    }

    private static long CompileCallers()
    {
        InlBase a = new InlDerivedA();
        InlBase b = new InlDerivedB();
        long checksum = InliningWarmUp.Run(
            () =>
            {
                long sum = 0;
                for (int i = 0; i < 100; i++)
                {
                    sum += InlCallers.InlTieredCaller(i) + InlCallers.InlCallerOfNoInline(i);
                    sum += InlCallers.InlGuardedCaller(i % 20 == 0 ? b : a) + InlCallers.InlOtherGuardedCaller(b);
                }

                return sum;
            },
            typeof(InlCallees).GetMethod(nameof(InlCallees.InlIncrement))!,
            nameof(InlCallers.InlTieredCaller));

        checksum += InlCallers.InlGenericHostCaller<int>(1) + InlCallers.InlGenericHostCaller<string>(2);
        checksum += InlCallers.InlOuterCaller(7);
        checksum += InlCallers.InlGenericMethodCaller(5);
        checksum += InlCallers.InlGenericTypeCaller(new InlBox<int>(41));
        checksum += InlCallers.InlFrameworkCaller("abc") + InlCallers.InlFrameworkCaller(null);
        return checksum;
    }

    private static void Print(MethodBase callee, InliningReport report, bool statisticsOnly = false)
    {
        string name = Describe(callee);
        InliningScanStatistics s = report.Statistics;
        Console.WriteLine($"stats\t{name}\tassemblies={s.AssembliesScanned} indexed={s.AssembliesIndexed} ilBodies={s.IlBodiesScanned} "
            + $"candidates={s.CandidateCallers} nativeBodies={s.NativeBodiesDisassembled} inlined={report.InlinedInto.Count} "
            + $"unknown={report.Unknown.Count} scanMs={s.CandidateScanTime.TotalMilliseconds:F1} decideMs={s.DecisionTime.TotalMilliseconds:F1}");
        if (statisticsOnly)
        {
            return;
        }

        foreach (CallerVerdict verdict in report.Callers)
        {
            Console.WriteLine($"verdict\t{name}\t{Describe(verdict.Caller)}\t{verdict.State}\t{verdict.Detail}");
        }

        Console.WriteLine($"note\t{name}\t{report.Note ?? "(none)"}");
    }

    /// <summary>Type:Method, the form the JIT's listing uses too (without the signature).</summary>
    private static string Describe(MethodBase method) => $"{method.DeclaringType?.Name}:{method.Name}";
}

using System.Reflection;
using Instr.Patching.Inlining;

namespace Instr.Patching.Scenarios.Inlining;

/// <summary>
/// The analysis with the engine's compile registry: the engine starts first (its JIT hook records every
/// compile), then the callers are compiled, then <see cref="InlCallees.InlIncrement"/> is analyzed. Prints
/// one <c>verdict</c> line per caller, as <see cref="InliningAnalysisScenario"/> does.
/// </summary>
internal static class InliningRegistryScenario
{
    public const string Name = "inlining-registry";

    public static int Run()
    {
        _ = MethodPatcher.Shared.Patched;
        long checksum = InlCallers.InlGenericHostCaller<int>(1) + InlCallers.InlGenericHostCaller<string>(2);
        MethodInfo callee = typeof(InlCallees).GetMethod(nameof(InlCallees.InlIncrement))!;
        checksum += InliningWarmUp.Run(
            () =>
            {
                long sum = 0;
                for (int i = 0; i < 100; i++)
                {
                    sum += InlCallers.InlTieredCaller(i);
                }

                return sum;
            },
            callee,
            nameof(InlCallers.InlTieredCaller));

        InliningReport report = new InlinedCallerAnalyzer(new CompileRegistryCodeLookup()).Analyze(callee);
        foreach (CallerVerdict verdict in report.Callers)
        {
            Console.WriteLine($"verdict\tInlCallees:InlIncrement\t{verdict.Caller.DeclaringType?.Name}:{verdict.Caller.Name}\t{verdict.State}\t{verdict.Detail}");
        }

        Console.WriteLine($"checksum\t{checksum}");
        return 0;
    }
}

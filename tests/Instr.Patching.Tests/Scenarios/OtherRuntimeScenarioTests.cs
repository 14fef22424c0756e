namespace Instr.Patching.Tests.Scenarios;

/// <summary>
/// The engine on .NET 8 and .NET 9, each run as a self-contained app built from the runtime packs NuGet serves (no
/// runtime installed here). A representative subset of the .NET 10 scenarios, chosen to exercise every fact of the
/// runtime's JIT-EE table row: the probe of the row itself, a cold method tiering up while counted (allocMem,
/// getJitFlags in every compile), an already-hot one, virtual via base, shared generic code and instantiations
/// compiled after the patch (getMethodDefFromMethod), async, throwing, the OSR flag bit, canInline refusal, a
/// struct through its unboxing stub, and the inlined-caller report. The full list runs on .NET 10
/// (<see cref="CountScenarioTests"/>); the whole set on three runtimes would not fit CI's time on two cores.
/// </summary>
[Collection(ScenarioCollection.Name)]
public sealed class OtherRuntimeScenarioTests
{
    public static TheoryData<string, string> Subset()
    {
        var data = new TheoryData<string, string>();
        foreach (var runtime in new[] { "net8.0", "net9.0" })
        {
            foreach (var scenario in new[]
            {
                "static", "static-already-tier1", "virtual-via-base", "generic-type-shared", "generic-definition",
                "async-kickoff", "throwing", "hot-loop-osr", "inlinable-callee-future-callers", "struct",
            })
            {
                data.Add(runtime, scenario);
            }
        }

        return data;
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net9.0")]
    [InlineData("installed")] // .NET 10, framework-dependent
    public void The_runtime_table_row_is_confirmed_by_the_probe(string runtime)
    {
        var outcome = ScenarioRunner.Run("jit-table", runtime == "installed" ? null : runtime);

        Assert.True(outcome.Expected > 0 && outcome.Expected == outcome.Counted, $"{runtime}: {outcome.Detail}\n{string.Join("\n", outcome.Lines)}");
    }

    [Theory]
    [MemberData(nameof(Subset))]
    public void Count_equals_the_calls_made(string runtime, string scenario)
    {
        var outcome = ScenarioRunner.Run(scenario, runtime);

        Assert.True(outcome.Expected > 0, $"{runtime} {scenario}: {outcome.Detail}\n{outcome.Errors}");
        Assert.True(outcome.Expected == outcome.Counted, $"{runtime} {scenario}: counted {outcome.Counted} of {outcome.Expected} calls; {outcome.Detail}");
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net9.0")]
    public void A_caller_that_already_inlined_the_method_is_recompiled_and_every_call_counted(string runtime)
    {
        var outcome = ScenarioRunner.Run("inlined-callee-is-reported", runtime);

        Assert.True(outcome.Expected == outcome.Counted, $"{runtime}: {outcome.Detail}");
        Assert.Contains("recompiled by the runtime (ReJIT)", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("coverage=Complete", outcome.Detail, StringComparison.Ordinal);
    }
}

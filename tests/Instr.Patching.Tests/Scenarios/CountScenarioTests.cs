namespace Instr.Patching.Tests.Scenarios;

/// <summary>
/// Each scenario patches one kind of method in its own process, makes a known number of calls from 4 threads
/// (checking every result), and reports the engine's count: it must equal the calls made, exactly.
/// </summary>
[Collection(ScenarioCollection.Name)]
public sealed class CountScenarioTests
{
    [Theory]
    [InlineData("static")] // patched before its first call, then 1M calls: Tier0 → Tier1 during counting
    [InlineData("static-already-tier1")]
    [InlineData("static-tier1-before-engine-start")] // compiled before the JIT hook existed
    [InlineData("instance")]
    [InlineData("virtual-via-base")]
    [InlineData("interface")]
    [InlineData("struct")] // direct calls and interface calls through the unboxing stub
    [InlineData("ctor")]
    [InlineData("async-kickoff")]
    [InlineData("generic-type-value")]
    [InlineData("generic-type-shared")]
    [InlineData("generic-definition")] // includes instantiations first compiled after the patch
    [InlineData("generic-method-definition")]
    [InlineData("generic-definition-never-instantiated")] // patched before any instantiation exists
    [InlineData("r2r-framework")]
    [InlineData("throwing")]
    [InlineData("recursive")]
    [InlineData("short-before-first-call")]
    [InlineData("short-already-tier1")]
    [InlineData("hot-loop-osr")] // the OSR body must not count a second time
    [InlineData("three-thousand-methods")] // one PatchAll, every one of 3,000 counts exact
    [InlineData("inlinable-callee-future-callers")] // canInline refused: callers compiled later call it
    public void Count_equals_the_calls_made(string scenario)
    {
        var outcome = ScenarioRunner.Run(scenario);

        Assert.True(outcome.Expected > 0, $"{scenario}: {outcome.Detail}");
        Assert.True(outcome.Expected == outcome.Counted, $"{scenario}: counted {outcome.Counted} of {outcome.Expected} calls; {outcome.Detail}");
    }

    [Fact]
    public void Shared_generic_code_is_reported_in_the_notes()
    {
        var outcome = ScenarioRunner.Run("generic-type-shared");

        Assert.Contains("shared generic code", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("[no shared-code note]", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_throwing_method_keeps_its_stack_trace()
    {
        var outcome = ScenarioRunner.Run("throwing");

        Assert.Equal(outcome.Expected, outcome.Counted);
        Assert.Contains("trace unchanged=True", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("StaticTargets.Throws", outcome.Detail, StringComparison.Ordinal);
    }
}

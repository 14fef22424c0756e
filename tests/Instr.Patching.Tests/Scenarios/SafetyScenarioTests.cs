namespace Instr.Patching.Tests.Scenarios;

[Collection(ScenarioCollection.Name)]
public sealed class SafetyScenarioTests
{
    [Fact]
    public void After_unpatch_counting_stops_and_the_code_is_byte_identical()
    {
        var outcome = ScenarioRunner.Run("unpatch-stops-counting");

        Assert.Equal(outcome.Expected, outcome.Counted);
        Assert.Contains("unpatched=True", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("identical=True", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("active=False", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("found=False", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_is_idempotent_find_and_patched_track_it_and_unpatch_freezes_the_count()
    {
        var outcome = ScenarioRunner.Run("api-semantics");

        Assert.True(outcome.Expected == outcome.Counted, outcome.Detail + "\n" + string.Join("\n", outcome.Lines));
    }

    [Fact]
    public void A_caller_that_already_inlined_the_method_is_recompiled_named_in_the_notes_and_every_call_counted()
    {
        var outcome = ScenarioRunner.Run("inlined-callee-is-reported");

        Assert.True(outcome.Expected == outcome.Counted, outcome.Detail);
        Assert.Contains("recompiled by the runtime (ReJIT)", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("coverage=Complete", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Bodies_compiled_after_unpatch_are_not_patched()
    {
        var outcome = ScenarioRunner.Run("unpatch-then-tier-up");

        Assert.Equal(outcome.Expected, outcome.Counted);
        Assert.Contains("rawUnchanged=True", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("recompiledAfterUnpatch=True", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_patch_unpatch_cycles_under_three_calling_threads_leave_the_code_byte_identical()
    {
        var outcome = ScenarioRunner.Run("stress-patch-unpatch");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(outcome.Expected, outcome.Counted);
        Assert.Contains("identical=True", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abstract", "abstract")]
    [InlineData("pinvoke", "P/Invoke")]
    [InlineData("internal-call", "")] // object.GetType: both an internal call and an intrinsic; either reason is right
    [InlineData("intrinsic", "intrinsic")]
    [InlineData("dynamic-method", "dynamic method")]
    [InlineData("own-code", "own code")]
    [InlineData("timing-generic-definition", "generic definition")] // the timing wrapper needs one instantiation's argument list
    public void Refusals_give_a_reason_and_plan_agrees(string name, string reasonContains)
    {
        var outcome = RefusalsOutcome.Value;
        var line = outcome.Lines.SingleOrDefault(l => l.StartsWith($"REFUSAL name={name} ", StringComparison.Ordinal));

        Assert.NotNull(line);
        Assert.Contains("refused=True", line, StringComparison.Ordinal);
        Assert.Contains(reasonContains, line[line.IndexOf("reason=", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    private static readonly Lazy<ScenarioOutcome> RefusalsOutcome = new(() => ScenarioRunner.Run("refusals"));
}

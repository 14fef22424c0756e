namespace Instr.Patching.Tests.Scenarios;

/// <summary>Issue 7: stack traces through recompiled callers, and unpatch after inlining callers were made to count.</summary>
[Collection(ScenarioCollection.Name)]
[Trait("Issue", "7")]
public sealed class InlinedCallerSafetyTests
{
    private static readonly Lazy<ScenarioOutcome> s_traces = new(() => ScenarioRunner.Run("inlined-stack-trace"));

    [Fact]
    public void Exception_through_a_recompiled_caller_has_the_same_stack_trace_text_as_before_the_patch()
    {
        ScenarioOutcome outcome = s_traces.Value;
        AfterInliningAssert.PreconditionsProven("inlined-stack-trace", outcome);
        AfterInliningAssert.CountedExactly("inlined-stack-trace", outcome);

        string line = TraceLine(outcome, "through-recompiled-caller");
        Assert.True(line.Contains(" identical=True ", StringComparison.Ordinal), line);
    }

    [Fact]
    public void Exception_from_a_method_that_was_inlined_gains_exactly_its_own_frame_once_the_caller_no_longer_inlines_it()
    {
        ScenarioOutcome outcome = s_traces.Value;
        AfterInliningAssert.PreconditionsProven("inlined-stack-trace", outcome);
        AfterInliningAssert.CountedExactly("inlined-stack-trace", outcome);

        string line = TraceLine(outcome, "inlined-thrower");
        Assert.True(line.Contains(" onlyNewFrame=True ", StringComparison.Ordinal), line);
    }

    [Fact]
    public void After_unpatch_the_count_freezes_and_results_stay_right()
    {
        ScenarioOutcome outcome = ScenarioRunner.Run("inlined-unpatch");

        AfterInliningAssert.PreconditionsProven("inlined-unpatch", outcome);
        AfterInliningAssert.CountedExactly("inlined-unpatch", outcome);
        Assert.Contains("unpatched=True", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains($"final={outcome.Expected} ", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("frozen=True", outcome.Detail, StringComparison.Ordinal);
    }

    private static string TraceLine(ScenarioOutcome outcome, string name) =>
        outcome.Lines.SingleOrDefault(l => l.StartsWith($"TRACE case={name} ", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no TRACE line for {name}\n{string.Join("\n", outcome.Lines)}");
}

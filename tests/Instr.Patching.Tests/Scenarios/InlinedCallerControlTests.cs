using System.Text.RegularExpressions;

namespace Instr.Patching.Tests.Scenarios;

/// <summary>
/// Controls for the issue 7 scenarios: the same scenarios patched after one call, before their warm-up, so the JIT
/// never inlines the callee. They pass with today's engine and show that each scenario's calls reach the patched
/// method and that its expected count (calls per call, instantiations, recursion depth, OSR iterations) is right —
/// so a failure of the real scenario is about the callers that inlined it, not about the scenario's arithmetic.
/// </summary>
[Collection(ScenarioCollection.Name)]
[Trait("Issue", "7-control")]
public sealed partial class InlinedCallerControlTests
{
    private const string Control = "@patch-first";

    /// <summary>All hot-caller controls run one after the other in one process (<c>NAME@patch-first</c> runs one alone).</summary>
    private static readonly Lazy<ScenarioOutcome> s_controls = new(() => ScenarioRunner.Run("inlined-controls"));

    [Theory]
    [InlineData("inlined-virtual-via-base")]
    [InlineData("inlined-interface")]
    [InlineData("inlined-struct-method")]
    [InlineData("inlined-ctor")]
    [InlineData("inlined-framework-forwarder")]
    [InlineData("inlined-osr-loop")]
    [InlineData("inlined-getter-generic-caller")]
    [InlineData("inlined-through-wrapper")]
    [InlineData("inlined-before-engine-start")]
    [InlineData("inlined-r2r-framework-caller")]
    [InlineData("inlined-generic-caller")]
    [InlineData("inlined-struct-caller")]
    public void Patched_before_the_warm_up_the_same_calls_are_counted_exactly(string scenario)
    {
        ScenarioOutcome outcome = s_controls.Value;
        string? line = outcome.Lines.SingleOrDefault(l => l.StartsWith($"CASE name={scenario} ", StringComparison.Ordinal));
        Assert.True(line is not null, $"{scenario}: no CASE line (exit code {outcome.ExitCode})\n{string.Join("\n", outcome.Lines)}\n{outcome.Errors}");

        Match fields = CaseLine().Match(line);
        Assert.True(fields.Success, line);
        long expected = long.Parse(fields.Groups["expected"].Value), counted = long.Parse(fields.Groups["counted"].Value);
        Assert.True(expected > 0, line);
        Assert.True(expected == counted, $"{scenario}{Control}: counted {counted} of {expected}; {fields.Groups["detail"].Value}");
    }

    [Fact]
    public void Every_breadth_kind_patched_before_the_warm_up_is_counted_exactly()
    {
        ScenarioOutcome outcome = ScenarioRunner.Run("inlined-breadth" + Control);

        List<string> kinds = outcome.Lines.Where(l => l.StartsWith("KIND ", StringComparison.Ordinal)).ToList();
        Assert.True(kinds.Count > 0, string.Join("\n", outcome.Lines) + "\n" + outcome.Errors);
        AfterInliningAssert.CountedExactly("inlined-breadth" + Control, outcome);
    }

    [GeneratedRegex(@"^CASE name=\S+ expected=(?<expected>-?\d+) counted=(?<counted>-?\d+) detail=(?<detail>.*)$")]
    private static partial Regex CaseLine();
}

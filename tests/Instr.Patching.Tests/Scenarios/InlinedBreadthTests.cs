using System.Text.RegularExpressions;

namespace Instr.Patching.Tests.Scenarios;

/// <summary>
/// Issue 7, breadth: the method kinds detour libraries' own suites exercise, each behind its own hot dispatcher,
/// patched after warm-up, in one scenario process (<c>inlined-breadth</c>; <c>inlined-breadth:KIND</c> runs one kind
/// alone). Per kind: the precondition proven (inlined into the dispatcher's Tier1 code, or — for a kind the JIT keeps
/// as a call — shown to be called), results identical to the ones recorded before the patch, coverage not claimed
/// complete when calls were missed, count exact.
/// </summary>
[Collection(ScenarioCollection.Name)]
[Trait("Issue", "7")]
public sealed partial class InlinedBreadthTests
{
    private static readonly Lazy<ScenarioOutcome> s_run = new(() => ScenarioRunner.Run("inlined-breadth"));

    [Theory]
    [InlineData("ref-return")]
    [InlineData("span-parameter")]
    [InlineData("ref-struct-method")]
    [InlineData("generic-virtual")] // through the base type: the JIT keeps a runtime lookup + indirect call
    [InlineData("generic-virtual-on-sealed")] // devirtualized and inlined
    [InlineData("default-interface-member")]
    [InlineData("static-abstract-operator")]
    [InlineData("iterator-kickoff")]
    [InlineData("async-valuetask-kickoff")]
    [InlineData("lambda")]
    [InlineData("local-function")]
    [InlineData("stackalloc")]
    [InlineData("eighteen-parameters")]
    [InlineData("explicit-interface")]
    [InlineData("indexer")]
    [InlineData("in-parameters")]
    [InlineData("nullable-return")]
    [InlineData("tuple-return")]
    [InlineData("generic-struct-method")]
    [InlineData("exception-filter")]
    [InlineData("mutual-recursion")]
    public void Kind_patched_after_warm_up_counts_exactly_with_results_unchanged(string kind)
    {
        ScenarioOutcome outcome = s_run.Value;
        string? line = outcome.Lines.SingleOrDefault(l => l.StartsWith($"KIND name={kind} ", StringComparison.Ordinal));
        Assert.True(line is not null, $"{kind}: no KIND line (exit code {outcome.ExitCode})\n{string.Join("\n", outcome.Lines)}\n{outcome.Errors}");

        Match fields = KindLine().Match(line);
        Assert.True(fields.Success, line);
        Assert.True(fields.Groups["met"].Value == "True", $"{kind}: precondition not met, so this run proves nothing about it: {line}");
        Assert.True(fields.Groups["wrong"].Value == "0", $"{kind}: {fields.Groups["wrong"].Value} results differ from the ones before the patch: {line}");
        long expected = long.Parse(fields.Groups["expected"].Value), counted = long.Parse(fields.Groups["counted"].Value);
        Assert.True(expected > 0, line);
        AfterInliningAssert.CoverageHonest(kind, expected, counted, fields.Groups["evidence"].Value);
        Assert.True(expected == counted, $"{kind}: counted {counted} of {expected} calls; {fields.Groups["evidence"].Value}");
    }

    [GeneratedRegex(@"^KIND name=\S+ met=(?<met>\w+) expected=(?<expected>-?\d+) counted=(?<counted>-?\d+) wrong=(?<wrong>\d+) evidence=(?<evidence>.*)$")]
    private static partial Regex KindLine();
}

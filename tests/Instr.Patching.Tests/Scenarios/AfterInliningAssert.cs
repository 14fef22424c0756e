namespace Instr.Patching.Tests.Scenarios;

/// <summary>
/// Checks for the "patched after its callers inlined it" scenarios (issue 7): first that every precondition was
/// proven (otherwise the count says nothing about inlined callers, and the test says so instead of reporting a
/// count), then that every result was right, then that the count equals the calls made, exactly.
/// </summary>
internal static class AfterInliningAssert
{
    public static void PreconditionsProven(string scenario, ScenarioOutcome outcome)
    {
        List<string> lines = outcome.Lines.Where(l => l.StartsWith("PRECONDITION ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count > 0, $"{scenario}: printed no PRECONDITION line\n{string.Join("\n", outcome.Lines)}\n{outcome.Errors}");
        foreach (string line in lines)
        {
            Assert.True(line.StartsWith("PRECONDITION met=True ", StringComparison.Ordinal),
                $"{scenario}: precondition not met, so this run proves nothing about callers that inlined the method: {line}");
        }
    }

    /// <summary>A patch that missed calls must not claim complete coverage (the scenarios print "coverage STATE").</summary>
    public static void CoverageHonest(string scenario, long expected, long counted, string detail)
    {
        Assert.False(counted != expected && detail.Contains("coverage Complete", StringComparison.Ordinal),
            $"{scenario}: coverage says complete, but {counted} of {expected} calls were counted; {detail}");
    }

    public static void CountedExactly(string scenario, ScenarioOutcome outcome)
    {
        Assert.True(outcome.Counted != -1 || !outcome.Detail.Contains("wrong results", StringComparison.Ordinal), $"{scenario}: results changed: {outcome.Detail}");
        Assert.True(outcome.Expected > 0, $"{scenario}: no calls made: {outcome.Detail}");
        Assert.True(outcome.Expected == outcome.Counted,
            $"{scenario}: counted {outcome.Counted} of {outcome.Expected} calls made through callers that had inlined it before the patch; {outcome.Detail}");
    }
}

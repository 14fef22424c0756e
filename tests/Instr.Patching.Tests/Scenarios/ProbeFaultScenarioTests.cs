using System.Text.RegularExpressions;

namespace Instr.Patching.Tests.Scenarios;

/// <summary>A probe whose hooks throw, in a real process: at entry and at the end of calls of a plain method, of one
/// that throws every third call and of a Task method, from 4 threads at Tier1. The app sees its own results,
/// exceptions and stack trace; every call is counted; every throw is recorded by the engine.</summary>
[Collection(ScenarioCollection.Name)]
public sealed partial class ProbeFaultScenarioTests
{
    [Fact]
    public void Probe_code_that_throws_never_reaches_the_app_and_each_throw_is_recorded()
    {
        var outcome = ScenarioRunner.Run("probe-throws");

        Assert.True(outcome.Expected > 0, outcome.Detail);
        Assert.True(outcome.Expected == outcome.Counted, $"counted {outcome.Counted} of {outcome.Expected}; {outcome.Detail}");
        Assert.Equal(Value(outcome.Detail, "expected_failures"), Value(outcome.Detail, "probe_failures"));
        Assert.Contains("trace_unchanged=True", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("probe failure injected by the scenario", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("ThrowingProbe", outcome.Detail, StringComparison.Ordinal);
    }

    private static long Value(string detail, string key)
    {
        var match = KeyValue().Match(detail[detail.IndexOf(key + "=", StringComparison.Ordinal)..]);
        Assert.True(match.Success, $"no {key} in {detail}");
        return long.Parse(match.Groups["v"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"=(?<v>[0-9]+)")]
    private static partial Regex KeyValue();
}

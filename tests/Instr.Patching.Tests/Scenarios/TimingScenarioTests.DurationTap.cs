namespace Instr.Patching.Tests.Scenarios;

public sealed partial class TimingScenarioTests
{
    /// <summary>The Meter seam (what the agent's <c>instr.duration</c> is fed by): exactly one measurement per timed call
    /// made while a MeterListener listens, from 4 threads, on .NET 8, 9 and 10; none before it started or after it stopped, while the
    /// engine's own count stays exact throughout; each measurement is the call's duration (against the body's own).</summary>
    [Theory]
    [InlineData(null)] // .NET 10, framework-dependent
    [InlineData("net8.0")] // self-contained, from the runtime packs
    [InlineData("net9.0")]
    public void A_meter_listener_hears_every_timed_call_made_while_it_listens_and_no_other(string? runtime)
    {
        var outcome = ScenarioRunner.Run("timing-meter-listener", runtime);

        Assert.True(outcome.Expected > 0, outcome.Detail);
        Assert.True(outcome.Expected == outcome.Counted, $"heard {outcome.Counted} of the {outcome.Expected} calls made while listening; {outcome.Detail}");
        Assert.Equal(Long(outcome.Detail, "made"), Long(outcome.Detail, "engine_calls"));
        Assert.Equal(Long(outcome.Detail, "sleeps_made"), Long(outcome.Detail, "engine_sleeps"));
        Assert.Equal(Long(outcome.Detail, "sleeps_made"), Long(outcome.Detail, "heard_sleeps"));
        Assert.Equal(0, Long(outcome.Detail, "heard_after"));
        Assert.Contains("enabled_after=False", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, Long(outcome.Detail, "other_tags"));
        Assert.Equal(0, Long(outcome.Detail, "negative"));
        // A measurement is the exact duration (no bucket): it encloses the body's own by the wrapper's few ns.
        Assert.True(Number(outcome.Detail, "heard_min") >= Number(outcome.Detail, "truth_min") * (1 - RelativeBound), outcome.Detail);
        foreach (var p in new[] { "p50", "p99" })
        {
            var truth = Number(outcome.Detail, "truth_" + p);
            var heard = Number(outcome.Detail, "heard_" + p);
            Assert.True(Math.Abs(heard - truth) <= (RelativeBound * truth) + 5, $"{p}: heard {heard} us, body {truth} us; {outcome.Detail}");
        }
    }
}

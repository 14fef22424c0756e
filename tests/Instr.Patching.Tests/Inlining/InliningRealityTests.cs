using System.Text.RegularExpressions;

namespace Instr.Patching.Tests.Inlining;

/// <summary>
/// Patching a method that hot Tier1 callers already inlined, in its own process (the analyzer's verdict proves the
/// inlined copy was there before the patch): every call is counted, exactly — through the caller that inlined it
/// (the engine un-inlines it when patching), directly, and by virtual dispatch.
/// </summary>
public sealed partial class InliningRealityTests : IClassFixture<InliningRealityTests.RealityRun>
{
    private readonly RealityRun _run;

    public InliningRealityTests(RealityRun run)
    {
        _run = run;
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}\n{run.Output}\n{run.Errors}");
    }

    [Fact]
    public void Calls_through_a_caller_that_had_inlined_the_callee_are_counted_after_the_patch()
    {
        Match line = DirectLine().Match(_run.Output);
        Assert.True(line.Success, $"no result line in:\n{_run.Output}\n{_run.Errors}");
        Assert.Equal("Inlined", line.Groups["verdict"].Value);
        Assert.True(long.Parse(line.Groups["through"].Value) > 0);

        // The calls through the caller that had inlined it, and the direct calls: all of them.
        Assert.Equal(long.Parse(line.Groups["direct"].Value) + long.Parse(line.Groups["through"].Value), long.Parse(line.Groups["counted"].Value));
    }

    [Fact]
    public void Calls_through_a_guarded_devirtualization_that_had_inlined_the_override_are_counted_after_the_patch()
    {
        Match line = GuardedLine().Match(_run.Output);
        Assert.True(line.Success, $"no result line in:\n{_run.Output}\n{_run.Errors}");
        Assert.Equal("Inlined", line.Groups["inlined"].Value);
        Assert.Equal("Calls", line.Groups["dispatch"].Value);
        Assert.True(long.Parse(line.Groups["throughInlined"].Value) > 0);

        // The calls through the guarded (inlined) site and through the dispatching caller: all of them.
        Assert.Equal(long.Parse(line.Groups["throughDispatch"].Value) + long.Parse(line.Groups["throughInlined"].Value), long.Parse(line.Groups["counted"].Value));
    }

    [GeneratedRegex(@"reality-direct\tverdict=(?<verdict>\w+) through=(?<through>\d+) direct=(?<direct>\d+) counted=(?<counted>\d+)")]
    private static partial Regex DirectLine();

    [GeneratedRegex(@"reality-guarded\tinlinedVerdict=(?<inlined>\w+) dispatchVerdict=(?<dispatch>\w+) throughInlined=(?<throughInlined>\d+) throughDispatch=(?<throughDispatch>\d+) counted=(?<counted>\d+)")]
    private static partial Regex GuardedLine();

    /// <summary>One run of the <c>inlining-reality</c> scenario shared by the tests of this class.</summary>
    public sealed class RealityRun
    {
        public RealityRun()
        {
            (ExitCode, Output, Errors) = InliningScenarioRun.RunScenario("inlining-reality", new Dictionary<string, string>());
        }

        public int ExitCode { get; }

        public string Output { get; }

        public string Errors { get; }
    }
}

using System.Text.RegularExpressions;

namespace Instr.Patching.Tests.Inlining;

/// <summary>
/// The analyzer's verdicts checked against the patch engine, in their own process: after the callee is
/// patched, calls made through a Tier1 caller reported as inlined are not counted, and calls that really
/// reach the callee (direct, or by virtual dispatch from a caller reported as calling it) are, exactly.
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
    public void Calls_through_a_caller_reported_as_inlined_are_not_counted_by_the_patched_callee()
    {
        Match line = DirectLine().Match(_run.Output);
        Assert.True(line.Success, $"no result line in:\n{_run.Output}\n{_run.Errors}");
        Assert.Equal("Inlined", line.Groups["verdict"].Value);
        Assert.True(long.Parse(line.Groups["through"].Value) > 0);

        // Exactly the direct calls: none of the calls through the inlining caller reached the patched body.
        Assert.Equal(long.Parse(line.Groups["direct"].Value), long.Parse(line.Groups["counted"].Value));
    }

    [Fact]
    public void Guarded_devirtualization_is_reported_as_inlined_and_virtual_dispatch_as_calling()
    {
        Match line = GuardedLine().Match(_run.Output);
        Assert.True(line.Success, $"no result line in:\n{_run.Output}\n{_run.Errors}");
        Assert.Equal("Inlined", line.Groups["inlined"].Value);
        Assert.Equal("Calls", line.Groups["dispatch"].Value);
        Assert.True(long.Parse(line.Groups["throughInlined"].Value) > 0);

        // Only the calls through the dispatching caller reached the patched override.
        Assert.Equal(long.Parse(line.Groups["throughDispatch"].Value), long.Parse(line.Groups["counted"].Value));
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

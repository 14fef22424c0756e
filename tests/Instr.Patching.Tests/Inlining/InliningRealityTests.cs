using System.Text.RegularExpressions;

namespace Instr.Patching.Tests.Inlining;

/// <summary>
/// The "inlined" verdict checked against the patch engine, in its own process: after patching the callee,
/// calls made through the Tier1 caller that inlined it are not counted; direct calls made after the patch are.
/// </summary>
public sealed partial class InliningRealityTests
{
    [Fact]
    public void Calls_through_a_caller_reported_as_inlined_are_not_counted_by_the_patched_callee()
    {
        (int exitCode, string output, string errors) = InliningScenarioRun.RunScenario("inlining-reality", new Dictionary<string, string>());
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{errors}");

        Match line = RealityLine().Match(output);
        Assert.True(line.Success, $"no result line in:\n{output}\n{errors}");
        Assert.Equal("Inlined", line.Groups["verdict"].Value);
        long throughCaller = long.Parse(line.Groups["through"].Value);
        long direct = long.Parse(line.Groups["direct"].Value);
        long counted = long.Parse(line.Groups["counted"].Value);
        Assert.True(throughCaller > 0);

        // Exactly the direct calls: none of the calls through the inlining caller reached the patched body.
        Assert.Equal(direct, counted);
    }

    [GeneratedRegex(@"reality\tverdict=(?<verdict>\w+) throughCaller=(?<through>\d+) direct=(?<direct>\d+) counted=(?<counted>\d+)")]
    private static partial Regex RealityLine();
}

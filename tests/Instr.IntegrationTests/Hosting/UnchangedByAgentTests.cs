using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>
/// The app's own output and exit code are byte-identical with and without the agent — with the agent really up
/// (the run is held until its socket answers), and nothing filtered out of the comparison.
/// </summary>
public sealed class UnchangedByAgentTests
{
    [Theory]
    [InlineData("PlainConsoleApp", 0)]
    [InlineData("PlainConsoleApp", 3)]
    public async Task PlainConsoleApp_output_and_exit_code_are_identical(string appName, int exitCode)
    {
        using var sandbox = new TestSandbox();
        string[] args = ["--exit", exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)];

        var baseline = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp(appName), withAgent: false, args);
        var withAgent = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp(appName), withAgent: true, args,
            whileRunning: (app, socket) => AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket));

        Assert.Equal(exitCode, baseline.ExitCode);
        AssertSameRun(baseline, withAgent);
    }

    [Fact]
    public async Task OldProtobufApp_keeps_its_own_Google_Protobuf_3_10_1_next_to_the_agents()
    {
        using var sandbox = new TestSandbox();
        var dll = RepoLayout.TestApp("OldProtobufApp");

        var baseline = await ControlledRun.RunAsync(sandbox, dll, withAgent: false);
        var withAgent = await ControlledRun.RunAsync(sandbox, dll, withAgent: true,
            whileRunning: (app, socket) => AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket));

        Assert.Equal(0, baseline.ExitCode);
        Assert.Contains("OldProtobufApp: Google.Protobuf 3.10.1.0\n", baseline.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("copies loaded: 1 in the default load context, version 3.10.1.0\n", baseline.StandardOutput, StringComparison.Ordinal);
        AssertSameRun(baseline, withAgent);
    }

    internal static void AssertSameRun(AppRun baseline, AppRun withAgent)
    {
        Assert.NotNull(withAgent.AgentSocket);
        Assert.Equal(baseline.ExitCode, withAgent.ExitCode);
        Assert.Equal(baseline.StandardOutput, withAgent.StandardOutput); // readable diff first
        Assert.Equal(baseline.StandardOutputBytes, withAgent.StandardOutputBytes);
        Assert.Equal(baseline.StandardError, withAgent.StandardError);
    }
}

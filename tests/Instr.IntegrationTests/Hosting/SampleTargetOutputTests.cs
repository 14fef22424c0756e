using System.Globalization;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>
/// SampleTarget prints the same with and without the agent. Its banner names its own pid, the one value that
/// differs between any two runs, so exactly that token ("pid N") is replaced before the byte comparison; with a
/// fixed seed and call budget everything else, including the exact call counts, must match.
/// </summary>
public sealed class SampleTargetOutputTests
{
    /// <summary>On the installed .NET 10 and self-contained on .NET 8, 9 and 10.</summary>
    [Theory]
    [MemberData(nameof(AppRuntime.All), MemberType = typeof(AppRuntime))]
    public async Task SampleTarget_output_and_exit_code_are_identical_with_the_agent(string runtime)
    {
        using var sandbox = new TestSandbox();

        var baseline = await RunAsync(sandbox, runtime, withAgent: false);
        var withAgent = await RunAsync(sandbox, runtime, withAgent: true);

        Assert.Equal(0, baseline.ExitCode);
        Assert.Contains("{\"calls\":{", baseline.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(baseline.ExitCode, withAgent.ExitCode);
        Assert.Equal(baseline.StandardOutput, withAgent.StandardOutput);
        Assert.Equal(baseline.StandardError, withAgent.StandardError);
    }

    private static async Task<AppRun> RunAsync(TestSandbox sandbox, string runtime, bool withAgent)
    {
        // Paused from the start (no call made yet) until the test is ready: with the agent, until its socket answers.
        var pause = Path.Combine(sandbox.Root, $"pause-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(pause, "");
        var app = sandbox.StartOn(runtime, "SampleTarget", withAgent, "--seed", "7", "--calls", "300", "--rate", "0", "--pause-file", pause);
        await Poll.UntilAsync(() => File.Exists(pause + ".paused"), TimeSpan.FromSeconds(30), () => $"SampleTarget did not pause\n{app.StandardOutput}\n{app.StandardError}");
        string? socket = null;
        if (withAgent)
        {
            socket = await sandbox.WaitForAgentSocketAsync(app);
            await AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket);
        }

        File.Delete(pause);
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var pidToken = "pid " + app.Pid.ToString(CultureInfo.InvariantCulture);
        Assert.Contains(pidToken, app.StandardOutput, StringComparison.Ordinal);
        var stdout = app.StandardOutput.Replace(pidToken, "pid N", StringComparison.Ordinal);
        return new AppRun(exitCode, System.Text.Encoding.UTF8.GetBytes(stdout), stdout, app.StandardError, socket);
    }
}

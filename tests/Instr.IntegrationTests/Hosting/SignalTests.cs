using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>SIGINT/SIGTERM end an app with the agent exactly as without it (130/143, same output), and the socket goes away.</summary>
public sealed class SignalTests
{
    [Theory]
    [InlineData(Signals.SigInt, 130)]
    [InlineData(Signals.SigTerm, 143)]
    public async Task PlainConsoleApp_ends_on_a_signal_as_without_the_agent(int signal, int expectedExitCode)
    {
        using var sandbox = new TestSandbox();
        var dll = RepoLayout.TestApp("PlainConsoleApp");

        var baseline = sandbox.StartApp(dll, withAgent: false, "--ms", "600000");
        await baseline.WaitForOutputAsync("ready\n");
        Assert.True(baseline.Signal(signal));
        var baselineExit = await baseline.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var app = sandbox.StartApp(dll, withAgent: true, "--ms", "600000");
        await app.WaitForOutputAsync("ready\n");
        var socket = await sandbox.WaitForAgentSocketAsync(app);
        await AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket);
        Assert.True(app.Signal(signal));
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(expectedExitCode, baselineExit);
        Assert.Equal(baselineExit, exitCode);
        Assert.Equal(baseline.StandardOutputBytes, app.StandardOutputBytes);
        Assert.Equal(baseline.StandardError, app.StandardError);
        Assert.False(File.Exists(socket), $"socket {socket} still there after signal {signal}");
    }
}

using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>The test apps and the infrastructure themselves, without the agent: what every "unchanged" test compares against.</summary>
public sealed class BaselineTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PlainConsoleApp_exits_with_the_code_it_is_given()
    {
        using var sandbox = new TestSandbox();
        var app = sandbox.StartApp(RepoLayout.TestApp("PlainConsoleApp"), withAgent: false, "--exit", "7");

        Assert.Equal(7, await app.WaitForExitAsync(ExitTimeout));
        Assert.EndsWith("ready\nPlainConsoleApp: done, exit 7\n", app.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("PlainConsoleApp: a line on stderr\n", app.StandardError);
    }

    [Theory]
    [InlineData(Signals.SigInt, 130)]
    [InlineData(Signals.SigTerm, 143)]
    public async Task PlainConsoleApp_ends_on_a_signal_with_the_runtime_default_code(int signal, int expectedExitCode)
    {
        using var sandbox = new TestSandbox();
        var app = sandbox.StartApp(RepoLayout.TestApp("PlainConsoleApp"), withAgent: false, "--ms", "60000");
        await app.WaitForOutputAsync("ready\n");

        Assert.True(app.Signal(signal));

        Assert.Equal(expectedExitCode, await app.WaitForExitAsync(ExitTimeout));
        Assert.DoesNotContain("done", app.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_agent_no_socket_directory_is_created()
    {
        using var sandbox = new TestSandbox();
        var app = sandbox.StartApp(RepoLayout.TestApp("PlainConsoleApp"), withAgent: false);

        Assert.Equal(0, await app.WaitForExitAsync(ExitTimeout));
        Assert.False(Directory.Exists(sandbox.SocketDirectory));
    }
}

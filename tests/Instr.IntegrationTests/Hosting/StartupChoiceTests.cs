using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>
/// Which processes get an agent: INSTR_DISABLE, the process filter, and never the instr CLI itself. The decision is
/// taken synchronously in the hook and written to INSTR_LOG, so the tests read it there instead of hoping that an
/// agent would have had time to appear.
/// </summary>
public sealed class StartupChoiceTests
{
    [Fact]
    public async Task Process_filter_naming_another_process_keeps_the_agent_out()
    {
        using var sandbox = new TestSandbox();
        var log = UseLog(sandbox);
        sandbox.ExtraEnvironment["INSTR_PROCESS_FILTER"] = "SomeOtherApp";

        var app = sandbox.StartApp(RepoLayout.TestApp("PlainConsoleApp"), withAgent: true);

        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("agent not started: INSTR_PROCESS_FILTER=SomeOtherApp names none of", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.False(Directory.Exists(sandbox.SocketDirectory), "the filter did not keep the agent out");
        Assert.Equal("PlainConsoleApp: a line on stderr\n", app.StandardError);
    }

    [Fact]
    public async Task Process_filter_naming_this_app_lets_the_agent_in()
    {
        using var sandbox = new TestSandbox();
        sandbox.ExtraEnvironment["INSTR_PROCESS_FILTER"] = "SomeOtherApp;PlainConsoleApp";

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true);

        Assert.Equal(0, run.ExitCode);
        Assert.NotNull(run.AgentSocket);
    }

    [Fact]
    public async Task INSTR_DISABLE_keeps_the_agent_out()
    {
        using var sandbox = new TestSandbox();
        var log = UseLog(sandbox);
        sandbox.ExtraEnvironment["INSTR_DISABLE"] = "1";

        var app = sandbox.StartApp(RepoLayout.TestApp("PlainConsoleApp"), withAgent: true);

        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("agent not started: INSTR_DISABLE=1", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.False(Directory.Exists(sandbox.SocketDirectory), "INSTR_DISABLE=1 still created the socket directory");
    }

    [Fact]
    public async Task The_instr_CLI_started_with_the_hook_gets_no_agent()
    {
        using var sandbox = new TestSandbox();
        var log = UseLog(sandbox);
        using var cli = ChildProcess.Start(RepoLayout.InstrExecutable, ["agent-path"], sandbox.Environment(withAgent: true), sandbox.Root);

        Assert.Equal(0, await cli.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("agent not started: this is the instr CLI itself", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.Equal("", cli.StandardError);
    }

    private static string UseLog(TestSandbox sandbox)
    {
        var log = Path.Combine(sandbox.Root, "agent.log");
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;
        return log;
    }
}

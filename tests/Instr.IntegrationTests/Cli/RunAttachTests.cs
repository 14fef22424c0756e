using System.Text.Json;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Cli;

/// <summary>`instr run`, `instr attach` and `instr agent-path` with real processes.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RunAttachTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Agent_path_prints_the_existing_absolute_agent_path()
    {
        using var sandbox = new TestSandbox();
        var result = await sandbox.RunInstrAsync("agent-path");

        CliAssert.Succeeds(result);
        var path = result.StandardOutput.TrimEnd('\n');
        Assert.True(Path.IsPathFullyQualified(path), path);
        Assert.True(File.Exists(path), path);
        Assert.Equal(Path.GetFullPath(RepoLayout.StartupHook), path);
    }

    [Fact]
    public async Task Run_passes_stdio_and_the_exit_code_through_and_loads_the_agent()
    {
        using var sandbox = new TestSandbox();
        var baseline = sandbox.StartApp(RepoLayout.TestApp("PlainConsoleApp"), withAgent: false, "--exit", "7");
        Assert.Equal(7, await baseline.WaitForExitAsync(ExitTimeout));

        var waitFile = Path.Combine(sandbox.Root, "go");
        var run = sandbox.Start(RepoLayout.InstrExecutable, ["run", "--", RepoLayout.DotnetHost, RepoLayout.TestApp("PlainConsoleApp"), "--exit", "7", "--wait-file", waitFile], withAgent: false);
        await Poll.UntilAsync(
            () => Directory.Exists(sandbox.SocketDirectory) && Directory.EnumerateFiles(sandbox.SocketDirectory, "instr-*.sock").Any(),
            ExitTimeout,
            () => $"no agent socket from the app started by instr run: {run.StandardError}",
            () => run.HasExited ? $"instr run exited early: {run.StandardError}" : null);
        var ps = await sandbox.RunInstrAsync("ps", "--json");
        var row = Assert.Single(PsJson.Agents(ps.StandardOutput));
        Assert.Equal("PlainConsoleApp", row.GetProperty("name").GetString());
        Assert.NotEqual(run.Pid, row.GetProperty("pid").GetInt32());
        File.WriteAllText(waitFile, string.Empty);

        Assert.Equal(7, await run.WaitForExitAsync(ExitTimeout));
        Assert.Equal(baseline.StandardOutput, run.StandardOutput);
        Assert.Equal(baseline.StandardError, run.StandardError);
    }

    [Theory]
    [InlineData(Signals.SigTerm, 143)]
    [InlineData(Signals.SigInt, 130)]
    public async Task Run_forwards_signals_and_returns_128_plus_signal(int signal, int expected)
    {
        using var sandbox = new TestSandbox();
        var run = sandbox.Start(RepoLayout.InstrExecutable, ["run", RepoLayout.DotnetHost, RepoLayout.TestApp("PlainConsoleApp"), "--ms", "60000"], withAgent: false);
        await run.WaitForOutputAsync("ready\n");

        Assert.True(run.Signal(signal));

        Assert.Equal(expected, await run.WaitForExitAsync(ExitTimeout));
        Assert.DoesNotContain("done", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_of_a_missing_program_is_exit_1_with_one_line()
    {
        using var sandbox = new TestSandbox();
        CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("run", "/nonexistent/program"), 1);
    }

    [Fact]
    public async Task Attach_loads_the_agent_into_a_running_app_then_ps_sees_it()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: false);

        var attach = await sandbox.RunInstrAsync("attach", app.Pid.Text());

        CliAssert.Succeeds(attach);
        Assert.Contains($"attached: the agent of process {app.Pid}", attach.StandardOutput, StringComparison.Ordinal);
        var ps = await sandbox.RunInstrAsync("ps", "--json");
        Assert.Equal(app.Pid, Assert.Single(PsJson.Agents(ps.StandardOutput)).GetProperty("pid").GetInt32());

        var again = await sandbox.RunInstrAsync("attach", app.Pid.Text());
        CliAssert.Succeeds(again);
        Assert.Contains("already has an instr agent", again.StandardOutput, StringComparison.Ordinal);
        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task Attach_finds_the_diagnostic_port_in_the_apps_own_TMPDIR()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: false);
        sandbox.ExtraEnvironment["TMPDIR"] = Directory.CreateDirectory(Path.Combine(sandbox.Root, "other-tmp")).FullName;

        CliAssert.Succeeds(await sandbox.RunInstrAsync("attach", app.Pid.Text()));

        Assert.NotNull(AgentSockets.Find(sandbox.SocketDirectory, app.Pid));
        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task Attach_to_an_app_with_diagnostics_disabled_is_exit_5_and_the_app_keeps_running()
    {
        using var sandbox = new TestSandbox();
        sandbox.ExtraEnvironment["DOTNET_EnableDiagnostics"] = "0";
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: false);

        var line = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("attach", app.Pid.Text()), 5);

        Assert.Contains("DOTNET_EnableDiagnostics=0", line, StringComparison.Ordinal);
        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task Attach_to_a_dead_pid_is_exit_5()
    {
        using var sandbox = new TestSandbox();
        var app = sandbox.StartApp(RepoLayout.TestApp("PlainConsoleApp"), withAgent: false);
        await app.WaitForExitAsync(ExitTimeout);

        var line = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("attach", app.Pid.Text()), 5);
        Assert.Equal($"instr: process {app.Pid} is not running", line);
    }
}

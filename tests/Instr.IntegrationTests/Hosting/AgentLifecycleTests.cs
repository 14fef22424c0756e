using Grpc.Core;
using Instr.IntegrationTests.Infrastructure;
using Instr.Protocol.V1;

namespace Instr.IntegrationTests.Hosting;

/// <summary>How the agent comes and goes: attach to a running app, a hook applied twice, an open Watch stream at exit.</summary>
public sealed class AgentLifecycleTests
{
    [Fact]
    public async Task Attach_loads_the_agent_into_a_running_app_without_changing_its_output()
    {
        using var sandbox = new TestSandbox();
        var dll = RepoLayout.TestApp("PlainConsoleApp");
        var baseline = await ControlledRun.RunAsync(sandbox, dll, withAgent: false);

        var release = Path.Combine(sandbox.Root, "release");
        var app = sandbox.StartApp(dll, withAgent: false, "--wait-file", release);
        await app.WaitForOutputAsync("ready\n");
        var attach = await sandbox.RunInstrAsync("attach", app.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(attach.ExitCode == 0, attach.ToString());
        var socket = await sandbox.WaitForAgentSocketAsync(app);
        await AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket);
        await File.WriteAllTextAsync(release, "");
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(baseline.ExitCode, exitCode);
        Assert.Equal(baseline.StandardOutputBytes, app.StandardOutputBytes);
        Assert.Equal(baseline.StandardError, app.StandardError);
        Assert.False(File.Exists(socket));
    }

    [Fact]
    public async Task The_hook_applied_twice_starts_one_agent_and_says_nothing()
    {
        using var sandbox = new TestSandbox();
        var dll = RepoLayout.TestApp("PlainConsoleApp");
        var baseline = await ControlledRun.RunAsync(sandbox, dll, withAgent: false);
        var log = Path.Combine(sandbox.Root, "agent.log");
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;
        sandbox.ExtraEnvironment["DOTNET_STARTUP_HOOKS"] = RepoLayout.StartupHook + Path.PathSeparator + RepoLayout.StartupHook;

        var run = await ControlledRun.RunAsync(sandbox, dll, withAgent: true,
            whileRunning: (app, socket) => AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket));

        UnchangedByAgentTests.AssertSameRun(baseline, run);
        var text = File.ReadAllText(log);
        Assert.Single(text.Split('\n'), line => line.Contains("info agent: listening on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_open_Watch_stream_ends_when_the_app_exits_and_does_not_change_the_exit()
    {
        using var sandbox = new TestSandbox();
        var dll = RepoLayout.TestApp("PlainConsoleApp");
        var baseline = await ControlledRun.RunAsync(sandbox, dll, withAgent: false, ["--exit", "5"]);

        var release = Path.Combine(sandbox.Root, "release");
        var app = sandbox.StartApp(dll, withAgent: true, "--exit", "5", "--wait-file", release);
        var socket = await sandbox.WaitForAgentSocketAsync(app);
        using var channel = new AgentChannel(socket);
        using var watch = channel.Client.Watch(new WatchRequest { IntervalMs = 100 });
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None), "Watch sent no first snapshot");

        await File.WriteAllTextAsync(release, "");
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var ended = await DrainAsync(watch.ResponseStream).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(baseline.ExitCode, exitCode);
        Assert.Equal(baseline.StandardOutputBytes, app.StandardOutputBytes);
        Assert.Equal(baseline.StandardError, app.StandardError);
        Assert.True(ended, "the Watch stream did not end after the app exited");
    }

    [Fact]
    public async Task A_hook_without_the_rest_of_the_agent_is_one_line_and_the_app_runs_on()
    {
        using var sandbox = new TestSandbox();
        var dll = RepoLayout.TestApp("PlainConsoleApp");
        var baseline = await ControlledRun.RunAsync(sandbox, dll, withAgent: false);
        var lonely = Directory.CreateDirectory(Path.Combine(sandbox.Root, "lonely")).FullName;
        var hook = Path.Combine(lonely, "Instr.StartupHook.dll");
        File.Copy(RepoLayout.StartupHook, hook);
        sandbox.ExtraEnvironment["DOTNET_STARTUP_HOOKS"] = hook;

        var app = sandbox.StartApp(dll, withAgent: true, "--ms", "3000");
        await Poll.UntilAsync(() => app.StandardError.Contains("instr agent: ", StringComparison.Ordinal), TimeSpan.FromSeconds(30),
            () => $"no 'instr agent:' line\n{app.StandardError}");
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(baseline.ExitCode, exitCode);
        Assert.Equal(baseline.StandardOutputBytes, app.StandardOutputBytes);
        Assert.Equal(
            $"instr agent: {Path.Combine(lonely, $"net{Environment.Version.Major}.0", "Instr.Agent.dll")} is missing (Instr.StartupHook.dll must stay next to the rest of the agent: net8.0/, net9.0/, net10.0/)",
            ExtraLines.Single(baseline.StandardError, app.StandardError));
    }

    /// <summary>Reads the stream to its end; true when it ended (cleanly or by the server going away), false never.</summary>
    private static async Task<bool> DrainAsync(IAsyncStreamReader<WatchSnapshot> stream)
    {
        try
        {
            while (await stream.MoveNext(CancellationToken.None))
            {
            }
        }
        catch (RpcException)
        {
            // The process is gone: the connection ends with it. Either way the client is not left hanging.
        }

        return true;
    }
}

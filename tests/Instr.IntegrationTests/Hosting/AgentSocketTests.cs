using Grpc.Core;
using Instr.IntegrationTests.Infrastructure;
using Instr.Shared;

namespace Instr.IntegrationTests.Hosting;

/// <summary>The agent comes up in each kind of app: private socket (0600 in a 0700 dir), gRPC answers, socket gone after exit.</summary>
public sealed class AgentSocketTests
{
    [Theory]
    [InlineData("PlainConsoleApp")]
    [InlineData("OldProtobufApp")]
    public async Task Agent_listens_on_a_private_socket_answers_gRPC_and_removes_the_socket_at_exit(string appName)
    {
        using var sandbox = new TestSandbox();
        ChildProcess? running = null;

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp(appName), withAgent: true, whileRunning: async (app, socket) =>
        {
            running = app;
            await AssertPrivateSocketAnswersAsync(sandbox, app, socket);
        });

        Assert.Equal(0, run.ExitCode);
        Assert.NotNull(running);
        Assert.False(File.Exists(run.AgentSocket), $"socket {run.AgentSocket} still there after a normal exit");
    }

    [Theory]
    [InlineData(Signals.SigInt)]
    [InlineData(Signals.SigTerm)]
    public async Task SampleTarget_gets_an_agent_and_the_socket_is_removed_after_a_signal(int signal)
    {
        using var sandbox = new TestSandbox();
        var app = sandbox.StartApp(RepoLayout.SampleTarget, withAgent: true, "--rate", "50");
        var socket = await sandbox.WaitForAgentSocketAsync(app);
        await AssertPrivateSocketAnswersAsync(sandbox, app, socket);

        Assert.True(app.Signal(signal));
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(128 + signal, exitCode);
        Assert.False(File.Exists(socket), $"socket {socket} still there after signal {signal}");
    }

    [Fact]
    public async Task Without_XDG_RUNTIME_DIR_the_socket_goes_to_TMPDIR_instr_uid()
    {
        using var sandbox = new TestSandbox { UseXdgRuntimeDir = false };
        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true,
            whileRunning: (app, socket) => AssertPrivateSocketAnswersAsync(sandbox, app, socket));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Path.Combine(sandbox.TempDirectory, $"instr-{AgentSocketPaths.CurrentUid()}"), Path.GetDirectoryName(run.AgentSocket));
    }

    internal static async Task AssertPrivateSocketAnswersAsync(TestSandbox sandbox, ChildProcess app, string socket)
    {
        Assert.Equal(sandbox.SocketDirectory, Path.GetDirectoryName(socket));
        Assert.Equal("700", UnixModes.Of(sandbox.SocketDirectory));
        Assert.Equal("600", UnixModes.Of(socket));
        var startTime = AgentSocketPaths.ReadStartTime(app.Pid);
        Assert.NotNull(startTime);
        Assert.Equal(AgentSocketPaths.FileName(app.Pid, startTime.Value), Path.GetFileName(socket));

        using var channel = new AgentChannel(socket);
        var (info, status) = await channel.GetProcessInfoAsync();
        Assert.Equal(StatusCode.OK, status);
        Assert.Equal(app.Pid, info!.Pid);
        Assert.Equal(socket, info.Socket);
        Assert.Equal(startTime.Value, info.StartTime);
    }
}

using Instr.IntegrationTests.Hosting;
using Instr.IntegrationTests.Infrastructure;
using Instr.Protocol.V1;

namespace Instr.IntegrationTests.Safety;

/// <summary>An app that handles SIGTERM and runs on keeps its agent; 100 idle connections and an open watch change nothing about the app.</summary>
public sealed class ExitAndConnectionTests
{
    [Fact]
    public async Task An_app_that_handles_SIGTERM_and_runs_on_keeps_its_socket()
    {
        using var sandbox = new TestSandbox();
        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true, ["--on-sigterm", "keep"], async (app, socket) =>
        {
            Assert.True(app.Signal(Signals.SigTerm));
            await app.WaitForOutputAsync("kept running after SIGTERM\n");
            // The agent cannot know at once that the app will survive: the socket may be hidden for a moment, then is back.
            await Poll.UntilAsync(() => File.Exists(socket), TimeSpan.FromSeconds(30), () => $"socket {socket} did not come back after the app survived SIGTERM");
            using var agent = new AgentChannel(socket);
            var (info, _) = await agent.GetProcessInfoAsync();
            Assert.Equal(app.Pid, info?.Pid);
        });

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(run.AgentSocket), "socket left behind at exit");
        Assert.Empty(Directory.GetFiles(sandbox.SocketDirectory));
    }

    [Fact]
    public async Task A_hundred_idle_connections_and_an_open_watch_neither_break_the_agent_nor_change_the_exit()
    {
        using var sandbox = new TestSandbox();
        var dll = RepoLayout.TestApp("PlainConsoleApp");
        var baseline = await ControlledRun.RunAsync(sandbox, dll, withAgent: false);
        var channels = new List<AgentChannel>();
        try
        {
            var run = await ControlledRun.RunAsync(sandbox, dll, withAgent: true, whileRunning: async (app, socket) =>
            {
                for (var i = 0; i < 100; i++)
                {
                    var channel = new AgentChannel(socket);
                    channels.Add(channel);
                    var (info, _) = await channel.GetProcessInfoAsync();
                    Assert.Equal(app.Pid, info?.Pid);
                }

                // A watch at the fastest interval that nobody reads, open while the app exits.
                _ = channels[0].Client.WatchChanges(new WatchRequest { IntervalMs = 50 });
                using var fresh = new AgentChannel(socket);
                var (again, _) = await fresh.GetProcessInfoAsync();
                Assert.Equal(app.Pid, again?.Pid);
            });

            UnchangedByAgentTests.AssertSameRun(baseline, run);
        }
        finally
        {
            channels.ForEach(c => c.Dispose());
        }
    }
}

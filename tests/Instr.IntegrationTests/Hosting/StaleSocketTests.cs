using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>A stale socket left by a dead process (SIGKILL leaves one) does not disturb a new agent or `instr ps`.</summary>
public sealed class StaleSocketTests
{
    [Fact]
    public async Task A_stale_socket_of_a_dead_pid_breaks_nothing()
    {
        using var sandbox = new TestSandbox();
        Directory.CreateDirectory(sandbox.SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stale = Path.Combine(sandbox.SocketDirectory, $"instr-{NeverAlivePid()}-12345.sock");
        LeaveStaleSocket(stale);

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true, whileRunning: async (app, socket) =>
        {
            await AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket);

            var ps = await sandbox.RunInstrAsync("ps", "--json");
            Assert.True(ps.ExitCode == 0, ps.ToString());
            using var json = JsonDocument.Parse(ps.StandardOutput);
            var live = json.RootElement.EnumerateArray().Where(p => p.GetProperty("pid").GetInt32() == app.Pid).ToArray();
            Assert.True(live.Length == 1, ps.ToString());
            Assert.Equal(socket, live[0].GetProperty("socket").GetString());
        });

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(run.AgentSocket));
    }

    [Fact]
    public async Task After_SIGKILL_the_socket_is_stale_and_a_new_agent_still_starts()
    {
        using var sandbox = new TestSandbox();
        var killed = sandbox.StartApp(RepoLayout.TestApp("PlainConsoleApp"), withAgent: true, "--ms", "600000");
        var staleSocket = await sandbox.WaitForAgentSocketAsync(killed);
        Assert.True(killed.Signal(Signals.SigKill));
        await killed.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(File.Exists(staleSocket), "SIGKILL cannot run cleanup, so the socket must still be there");

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true,
            whileRunning: (app, socket) => AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket));

        Assert.Equal(0, run.ExitCode);
    }

    /// <summary>A pid above the kernel's pid_max can never be alive.</summary>
    private static int NeverAlivePid() =>
        int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture) + 1;

    /// <summary>A real socket file with nobody listening: bound under another name, hard-linked, then closed.</summary>
    private static void LeaveStaleSocket(string path)
    {
        // .NET may unlink the name it bound when the socket is disposed; the hard link survives that.
        var bound = path + ".bound";
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(bound));
            socket.Listen();
            Link(bound, path);
        }

        File.Delete(bound);
        Assert.True(File.Exists(path), $"could not leave a stale socket at {path}");
    }

    private static void Link(string existing, string newPath)
    {
        using var ln = ChildProcess.Start("ln", [existing, newPath], new Dictionary<string, string?> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") }, "/");
        Assert.Equal(0, ln.WaitForExitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult());
    }
}

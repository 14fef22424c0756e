using Instr.Cli.Tests.Support;
using Instr.Cli.Transport;
using Instr.Shared;

namespace Instr.Cli.Tests.Transport;

public sealed class AgentLocatorTests
{
    private static readonly long OwnStart = AgentSocketPaths.ReadStartTime(Environment.ProcessId)!.Value;

    [Fact]
    public void No_agent_is_a_usage_error_naming_the_directory_and_the_fix()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<InstrException>(() => AgentLocator.Select(null, dir.Path));
        Assert.Equal(ExitCode.Usage, ex.ExitCode);
        Assert.Contains(dir.Path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("DOTNET_STARTUP_HOOKS=$(instr agent-path)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TMPDIR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_single_live_agent_is_chosen_without_pid()
    {
        using var dir = new TempDirectory();
        dir.Touch(AgentSocketPaths.FileName(DeadProcess.Pid(), 1));
        var socket = dir.Touch(AgentSocketPaths.FileName(Environment.ProcessId, OwnStart));

        var endpoint = AgentLocator.Select(null, dir.Path);

        Assert.Equal(socket, endpoint.SocketPath);
    }

    [Fact]
    public void Two_live_agents_without_pid_is_a_usage_error_listing_both()
    {
        using var dir = new TempDirectory();
        var parentPid = ParentPid();
        dir.Touch(AgentSocketPaths.FileName(Environment.ProcessId, OwnStart));
        dir.Touch(AgentSocketPaths.FileName(parentPid, AgentSocketPaths.ReadStartTime(parentPid)!.Value));

        var ex = Assert.Throws<InstrException>(() => AgentLocator.Select(null, dir.Path));

        Assert.Equal(ExitCode.Usage, ex.ExitCode);
        Assert.Contains($"{Environment.ProcessId} (", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{parentPid} (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--pid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pid_selects_among_several_agents()
    {
        using var dir = new TempDirectory();
        var parentPid = ParentPid();
        var own = dir.Touch(AgentSocketPaths.FileName(Environment.ProcessId, OwnStart));
        dir.Touch(AgentSocketPaths.FileName(parentPid, AgentSocketPaths.ReadStartTime(parentPid)!.Value));

        Assert.Equal(own, AgentLocator.Select(Environment.ProcessId, dir.Path).SocketPath);
    }

    [Fact]
    public void Pid_of_a_dead_process_is_exit_5_not_running()
    {
        using var dir = new TempDirectory();
        var pid = DeadProcess.Pid();
        var ex = Assert.Throws<InstrException>(() => AgentLocator.Select(pid, dir.Path));
        Assert.Equal(ExitCode.Unreachable, ex.ExitCode);
        Assert.Equal($"process {pid} is not running", ex.Message);
    }

    [Fact]
    public void Pid_of_a_live_dotnet_process_without_socket_is_exit_5_with_the_hints()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<InstrException>(() => AgentLocator.Select(Environment.ProcessId, dir.Path));
        Assert.Equal(ExitCode.Unreachable, ex.ExitCode);
        Assert.Contains("DOTNET_STARTUP_HOOKS", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"instr attach {Environment.ProcessId}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TMPDIR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_file_nobody_listens_on_is_exit_5_connection_refused()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, AgentSocketPaths.FileName(Environment.ProcessId, OwnStart));
        // A bound but never listening Unix socket: connect() gets ECONNREFUSED, as after an agent stopped. Kept open
        // for the test because .NET deletes the socket file when the bound socket is disposed.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));

        var ex = await Assert.ThrowsAsync<InstrException>(() => AgentLocator.ConnectAsync(null, CancellationToken.None, dir.Path));

        Assert.True(ex.ExitCode == ExitCode.Unreachable, ex.Message);
        Assert.Contains("connection refused", ex.Message, StringComparison.Ordinal);
    }

    private static int ParentPid()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}

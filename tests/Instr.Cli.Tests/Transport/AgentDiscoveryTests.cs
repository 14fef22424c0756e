using Instr.Cli.Tests.Support;
using Instr.Cli.Transport;
using Instr.Shared;

namespace Instr.Cli.Tests.Transport;

public sealed class AgentDiscoveryTests
{
    private static readonly int OwnPid = Environment.ProcessId;
    private static readonly long OwnStart = AgentSocketPaths.ReadStartTime(Environment.ProcessId)!.Value;

    [Fact]
    public void A_socket_of_a_running_process_with_its_start_time_is_live()
    {
        using var dir = new TempDirectory();
        var socket = dir.Touch(AgentSocketPaths.FileName(OwnPid, OwnStart));

        var scan = AgentDiscovery.Scan(dir.Path);

        var live = Assert.Single(scan.Live);
        Assert.Equal(new AgentEndpoint(OwnPid, OwnStart, socket), live);
        Assert.Empty(scan.Stale);
        Assert.True(File.Exists(socket));
    }

    [Fact]
    public void A_socket_of_a_dead_process_is_reported_stale_and_deleted()
    {
        using var dir = new TempDirectory();
        var deadPid = DeadProcess.Pid();
        var socket = dir.Touch(AgentSocketPaths.FileName(deadPid, 12345));

        var scan = AgentDiscovery.Scan(dir.Path);

        Assert.Empty(scan.Live);
        var stale = Assert.Single(scan.Stale);
        Assert.Equal(deadPid, stale.Pid);
        Assert.Equal("process is not running", stale.Reason);
        Assert.True(stale.Deleted);
        Assert.False(File.Exists(socket));
    }

    [Fact]
    public void A_socket_whose_start_time_differs_belongs_to_a_reused_pid_and_is_deleted()
    {
        using var dir = new TempDirectory();
        var socket = dir.Touch(AgentSocketPaths.FileName(OwnPid, OwnStart + 1));

        var scan = AgentDiscovery.Scan(dir.Path);

        Assert.Empty(scan.Live);
        Assert.Equal("pid was reused by another process", Assert.Single(scan.Stale).Reason);
        Assert.False(File.Exists(socket));
    }

    [Fact]
    public void Files_that_are_not_agent_sockets_are_ignored_and_kept()
    {
        using var dir = new TempDirectory();
        var others = new[] { dir.Touch("instr-abc-1.sock"), dir.Touch("notes.txt"), dir.Touch("instr-1-2.sock.bak") };

        var scan = AgentDiscovery.Scan(dir.Path);

        Assert.Empty(scan.Live);
        Assert.Empty(scan.Stale);
        Assert.All(others, f => Assert.True(File.Exists(f)));
    }

    [Fact]
    public void A_missing_directory_means_no_agents()
    {
        var scan = AgentDiscovery.Scan("/nonexistent/instr-test-dir");
        Assert.Empty(scan.Live);
        Assert.Empty(scan.Stale);
    }
}

using System.Text.Json;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Cli;

/// <summary>`instr ps` and target selection against real processes with the agent.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DiscoveryTests
{
    [Fact]
    public async Task Ps_json_lists_every_app_with_an_agent()
    {
        using var sandbox = new TestSandbox();
        var sample = await CliApps.StartSampleTargetAsync(sandbox);
        var plain = await CliApps.StartPlainAsync(sandbox, withAgent: true);

        var result = await sandbox.RunInstrAsync("ps", "--json");

        CliAssert.Succeeds(result);
        var rows = PsJson.Agents(result.StandardOutput).ToDictionary(r => r.GetProperty("pid").GetInt32());
        Assert.Equal(new[] { sample.Pid, plain.Pid }.Order(), rows.Keys.Order());
        Assert.Equal("SampleTarget", rows[sample.Pid].GetProperty("name").GetString());
        Assert.Equal("PlainConsoleApp", rows[plain.Pid].GetProperty("name").GetString());
        Assert.StartsWith(sandbox.SocketDirectory, rows[plain.Pid].GetProperty("socket").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(".NET ", rows[plain.Pid].GetProperty("runtime").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, rows[plain.Pid].GetProperty("patched").GetInt32());
    }

    [Fact]
    public async Task Ps_plain_output_is_one_tab_separated_line_per_process()
    {
        using var sandbox = new TestSandbox();
        var plain = await CliApps.StartPlainAsync(sandbox, withAgent: true);

        var result = await sandbox.RunInstrAsync("ps");

        CliAssert.Succeeds(result);
        var fields = Assert.Single(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Split('\t')[3] == "agent").Split('\t');
        Assert.Equal(plain.Pid.Text(), fields[0]);
        Assert.Equal("PlainConsoleApp", fields[1]);
        Assert.StartsWith(".NET ", fields[2], StringComparison.Ordinal);
        Assert.Equal("0", fields[4]);
        Assert.StartsWith(sandbox.SocketDirectory, fields[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_agent_commands_exit_2_naming_the_socket_directory()
    {
        using var sandbox = new TestSandbox();
        await CliApps.StartPlainAsync(sandbox, withAgent: false);

        var line = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("list"), 2);

        Assert.Contains(sandbox.SocketDirectory, line, StringComparison.Ordinal);
        Assert.Contains("DOTNET_STARTUP_HOOKS", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_agents_without_pid_exit_2_listing_both_and_pid_chooses()
    {
        using var sandbox = new TestSandbox();
        var first = await CliApps.StartPlainAsync(sandbox, withAgent: true);
        var second = await CliApps.StartPlainAsync(sandbox, withAgent: true);

        var line = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("list"), 2);
        Assert.Contains($"{first.Pid} (", line, StringComparison.Ordinal);
        Assert.Contains($"{second.Pid} (", line, StringComparison.Ordinal);

        var chosen = await sandbox.RunInstrAsync("list", "--pid", second.Pid.Text(), "--json");
        CliAssert.Succeeds(chosen);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(chosen.StandardOutput).RootElement.ValueKind);
    }

    [Fact]
    public async Task A_dead_pid_exits_5_not_running()
    {
        using var sandbox = new TestSandbox();
        var app = sandbox.StartApp(RepoLayout.TestApp("PlainConsoleApp"), withAgent: false);
        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var line = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("list", "-p", app.Pid.Text()), 5);

        Assert.Equal($"instr: process {app.Pid} is not running", line);
    }

    [Fact]
    public async Task A_live_app_without_the_hook_exits_5_suggesting_attach()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: false);

        var line = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("list", "-p", app.Pid.Text()), 5);

        Assert.Contains($"instr attach {app.Pid}", line, StringComparison.Ordinal);
        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task An_app_with_another_socket_directory_exits_5_naming_the_variable_and_its_directory()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: true);
        var otherRuntimeDir = Directory.CreateDirectory(Path.Combine(sandbox.Root, "other-run")).FullName;
        sandbox.ExtraEnvironment["XDG_RUNTIME_DIR"] = otherRuntimeDir;

        var line = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("list", "-p", app.Pid.Text()), 5);

        Assert.Contains(sandbox.SocketDirectory, line, StringComparison.Ordinal);
        Assert.Contains("XDG_RUNTIME_DIR", line, StringComparison.Ordinal);
        var none = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("list"), 2);
        Assert.Contains(Path.Combine(otherRuntimeDir, "instr"), none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_killed_apps_socket_is_reported_stale_and_removed_by_ps()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: true);
        var socket = AgentSockets.Find(sandbox.SocketDirectory, app.Pid)!;
        Assert.True(app.Signal(Signals.SigKill));
        await app.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(File.Exists(socket), "SIGKILL leaves the socket behind");

        var result = await sandbox.RunInstrAsync("ps");

        CliAssert.Succeeds(result);
        Assert.Contains("stale: process is not running", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(socket));
        var again = await sandbox.RunInstrAsync("ps", "--json");
        Assert.Empty(PsJson.Agents(again.StandardOutput));
        Assert.Null(PsJson.Row(again.StandardOutput, app.Pid));
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_shown_unreachable_by_ps_and_exit_5_for_list()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: false);
        Directory.CreateDirectory(sandbox.SocketDirectory);
        var name = Instr.Shared.AgentSocketPaths.FileName(app.Pid, Instr.Shared.AgentSocketPaths.ReadStartTime(app.Pid)!.Value);
        // Bound but not listening: connect() gets ECONNREFUSED, as when an agent stopped while its app lives on.
        // Kept open because .NET deletes the socket file when the bound socket is disposed.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(sandbox.SocketDirectory, name)));

        var ps = await sandbox.RunInstrAsync("ps");
        CliAssert.Succeeds(ps);
        Assert.Contains("unreachable", ps.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("connection refused", ps.StandardOutput, StringComparison.Ordinal);

        var line = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("list", "-p", app.Pid.Text()), 5);
        Assert.Contains("connection refused", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_users_instr_cannot_reach_the_agent_and_exits_5_saying_why()
    {
        Assert.True(OtherUser.TryEnsure(out var problem) is not null, $"cannot run: {problem}");
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: true);

        var result = await sandbox.RunInstrAsync(["list", "-p", app.Pid.Text()], TimeSpan.FromSeconds(60), runAsUser: OtherUser.Name);

        var line = CliAssert.FailsWithOneLine(result, 5);
        Assert.Contains("another user", line, StringComparison.Ordinal);
        Assert.False(app.HasExited);
    }
}

using Grpc.Core;
using Instr.IntegrationTests.Cli;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;
using Instr.Protocol.V1;

namespace Instr.IntegrationTests.Safety;

/// <summary>`instr audit`: every patch and unpatch of the process, with time, uid, pattern, methods and result; bounded.</summary>
public sealed class AuditTests
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";

    [Fact]
    public async Task Patch_unpatch_and_a_failed_patch_are_recorded_with_the_callers_uid()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartSampleTargetAsync(sandbox);
        var startedAt = DateTimeOffset.UtcNow.AddSeconds(-1);

        CliAssert.Succeeds(await sandbox.RunInstrAsync("patch", "SampleTarget.Modules.ModuleA:FuncA1"));
        CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("patch", "No.Such.Type:Nothing"), 3);
        CliAssert.Succeeds(await sandbox.RunInstrAsync("unpatch", "--all"));

        var entries = await AuditJson.ReadAsync(sandbox, app.Pid);
        Assert.Equal(3, entries.Length);
        var uid = (long)Instr.Shared.AgentSocketPaths.CurrentUid();
        Assert.All(entries, e =>
        {
            Assert.Equal(uid, e.GetProperty("uid").GetInt64());
            var time = DateTimeOffset.Parse(AuditJson.Text(e, "time"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(time, startedAt, DateTimeOffset.UtcNow.AddSeconds(1));
        });

        Assert.Equal(["patch", "patch", "unpatch"], entries.Select(e => AuditJson.Text(e, "action")));
        Assert.Equal(["SampleTarget.Modules.ModuleA:FuncA1", "No.Such.Type:Nothing", "--all"], entries.Select(e => AuditJson.Text(e, "pattern")));
        Assert.Equal([FuncA1], AuditJson.Methods(entries[0]));
        Assert.Equal("1 patched, 0 skipped", AuditJson.Text(entries[0], "result"));
        Assert.Empty(AuditJson.Methods(entries[1]));
        Assert.StartsWith("failed: ", AuditJson.Text(entries[1], "result"), StringComparison.Ordinal);
        Assert.Equal([FuncA1], AuditJson.Methods(entries[2]));
        Assert.Equal("1 unpatched, 0 skipped", AuditJson.Text(entries[2], "result"));

        var text = await sandbox.RunInstrAsync("audit");
        CliAssert.Succeeds(text);
        var lines = text.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\tpatch\tSampleTarget.Modules.ModuleA:FuncA1\t1 methods\t1 patched, 0 skipped", lines[0], StringComparison.Ordinal);
        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task INSTR_PATCH_at_startup_is_recorded_as_the_process_own_uid()
    {
        using var sandbox = new TestSandbox();
        sandbox.ExtraEnvironment["INSTR_PATCH"] = "PlainConsoleApp.Squares:Of";
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: true);

        var entry = Assert.Single(await AuditJson.ReadAsync(sandbox, app.Pid));

        Assert.Equal("patch", AuditJson.Text(entry, "action"));
        Assert.Equal("PlainConsoleApp.Squares:Of", AuditJson.Text(entry, "pattern"));
        Assert.Equal(["PlainConsoleApp.Squares:Of(System.Int32)"], AuditJson.Methods(entry));
        Assert.Equal("1 patched, 0 skipped (INSTR_PATCH)", AuditJson.Text(entry, "result"));
        Assert.Equal((long)Instr.Shared.AgentSocketPaths.CurrentUid(), entry.GetProperty("uid").GetInt64());
    }

    /// <summary>A script that patches forever cannot grow the agent: the newest 1000 entries are kept, the rest counted.</summary>
    [Fact]
    public async Task The_trail_keeps_the_newest_1000_entries_and_counts_the_dropped_ones()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: true);
        var socket = await sandbox.WaitForAgentSocketAsync(app);
        using var agent = new AgentChannel(socket);
        const int Requests = 1234;

        for (var i = 0; i < Requests; i++)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                await agent.Client.PatchAsync(new PatchRequest { Pattern = $"No.Such.T{i}:M" }, deadline: DateTime.UtcNow.AddSeconds(30)));
            Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        }

        var audit = await agent.Client.GetAuditAsync(new GetAuditRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(1000, audit.Entries.Count);
        Assert.Equal((ulong)(Requests - 1000), audit.Dropped);
        Assert.Equal($"No.Such.T{Requests - 1000}:M", audit.Entries[0].Pattern);
        Assert.Equal($"No.Such.T{Requests - 1}:M", audit.Entries[^1].Pattern);
        Assert.False(app.HasExited);
    }
}

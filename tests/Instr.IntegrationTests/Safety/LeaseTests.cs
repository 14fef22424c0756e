using System.Globalization;
using System.Text.Json;
using Instr.IntegrationTests.Cli;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;
using Instr.Protocol.V1;

namespace Instr.IntegrationTests.Safety;

/// <summary>
/// `instr patch --ttl`: the agent unpatches by itself when the lease ends, and the audit says so with the exact number
/// of calls counted under it (SampleTarget's loop is paused while the lease ends, so its own count is the truth).
/// </summary>
public sealed class LeaseTests
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";

    [Fact]
    public async Task Patch_with_a_ttl_unpatches_by_itself_and_the_audit_says_so()
    {
        using var session = await SampleTargetSession.StartPausedAsync(rate: 1000);
        // Generous, so the loop's short run below always ends inside the lease, however loaded the machine is.
        var patch = await session.InstrAsync("patch", "-p", session.Pid, "SampleTarget.Modules.ModuleA:FuncA1", "--ttl", "20s", "--json");
        CliAssert.Succeeds(patch);
        using var before = await session.WatchOnceAsync();
        var truthBefore = WatchSnapshotReader.GroundTruth(before, FuncA1);

        session.Resume();
        await Task.Delay(500);
        await session.PauseAsync();
        using var during = await session.WatchOnceAsync();
        var made = WatchSnapshotReader.GroundTruth(during, FuncA1) - truthBefore;
        Assert.Equal(made, WatchSnapshotReader.HookCount(during, FuncA1)?.Calls);

        await AsyncPoll.UntilAsync(async () => await IsPatchedAsync(session, FuncA1) == false, TimeSpan.FromSeconds(90), () => "the --ttl 20s lease never ended");

        var entries = await AuditJson.ReadAsync(session.Sandbox, session.App.Pid);
        Assert.Equal(["patch", "lease-end"], entries.Select(e => AuditJson.Text(e, "action")));
        Assert.Equal("ttl 20s", AuditJson.Text(entries[0], "lease"));
        var end = entries[1];
        Assert.Equal("ttl 20s", AuditJson.Text(end, "lease"));
        Assert.Equal("SampleTarget.Modules.ModuleA:FuncA1", AuditJson.Text(end, "pattern"));
        Assert.Equal([FuncA1], AuditJson.Methods(end));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"unpatched 1 (ttl 20s ended; {made} calls counted)"), AuditJson.Text(end, "result"));
        Assert.False(session.App.HasExited);
    }

    [Fact]
    public async Task A_method_unpatched_by_hand_before_its_lease_ends_is_not_touched_again()
    {
        using var session = await SampleTargetSession.StartPausedAsync();
        var socket = await session.Sandbox.WaitForAgentSocketAsync(session.App);
        using var agent = new AgentChannel(socket);
        var deadline = DateTime.UtcNow.AddSeconds(30);

        // Straight over gRPC: the three steps must fit well inside the 10 s lease on a loaded machine.
        await agent.Client.PatchAsync(new PatchRequest { Pattern = "SampleTarget.Modules.ModuleA:FuncA1", TtlMs = 10_000 }, deadline: deadline);
        await agent.Client.UnpatchAsync(new UnpatchRequest { Pattern = "SampleTarget.Modules.ModuleA:FuncA1" }, deadline: deadline);
        // Patched again without a lease: the old lease must not take it away.
        await agent.Client.PatchAsync(new PatchRequest { Pattern = "SampleTarget.Modules.ModuleA:FuncA1" }, deadline: deadline);

        await AsyncPoll.UntilAsync(() => LeaseEndedAsync(session), TimeSpan.FromSeconds(60), () => "the --ttl 10s lease never ended");

        var entries = await AuditJson.ReadAsync(session.Sandbox, session.App.Pid);
        Assert.Equal(["patch", "unpatch", "patch", "lease-end"], entries.Select(e => AuditJson.Text(e, "action")));
        Assert.Empty(AuditJson.Methods(entries[^1]));
        Assert.True(await IsPatchedAsync(session, FuncA1));
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("10x")]
    [InlineData("31d")]
    [InlineData("")]
    public async Task A_ttl_that_is_not_a_lease_is_a_usage_error(string ttl)
    {
        using var sandbox = new TestSandbox();
        await CliApps.StartSampleTargetAsync(sandbox);

        var result = await sandbox.RunInstrAsync("patch", "SampleTarget.Modules.ModuleA:FuncA1", "--ttl", ttl);

        Assert.True(result.ExitCode == 2, result.ToString());
        var ps = await sandbox.RunInstrAsync("ps", "--json");
        Assert.Equal(0, Assert.Single(PsJson.Agents(ps.StandardOutput)).GetProperty("patched").GetInt32());
    }

    internal static async Task<bool?> IsPatchedAsync(SampleTargetSession session, string method)
    {
        var list = await session.InstrAsync("list", "-p", session.Pid, method, "--json");
        if (list.ExitCode != 0)
        {
            return null;
        }

        return JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray().Single().GetProperty("patched").GetBoolean();
    }

    private static async Task<bool> LeaseEndedAsync(SampleTargetSession session) =>
        (await AuditJson.ReadAsync(session.Sandbox, session.App.Pid)).Any(e => AuditJson.Text(e, "action") == "lease-end");
}

using System.Globalization;
using Instr.IntegrationTests.Cli;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Safety;

/// <summary>
/// `instr watch --lease PATTERN`: what the watcher patched is unpatched when it goes away — Ctrl+C or killed outright —
/// with the exact number of calls counted under the lease in the audit; a method patched before keeps its patch.
/// </summary>
public sealed class WatchLeaseTests
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";
    private const string FuncB1Pattern = "SampleTarget.Modules.ModuleB:FuncB1";

    [Theory]
    [InlineData(Signals.SigKill)]
    [InlineData(Signals.SigInt)]
    public async Task What_the_watcher_patched_is_unpatched_when_it_ends(int signal)
    {
        using var session = await SampleTargetSession.StartPausedAsync(rate: 1000);
        CliAssert.Succeeds(await session.InstrAsync("patch", "-p", session.Pid, FuncB1Pattern));
        var watcher = session.Sandbox.Start(RepoLayout.InstrExecutable,
            ["watch", "-p", session.Pid, "--json", "--interval", "200", "--lease", "SampleTarget.Modules.ModuleA:FuncA1", "--lease", FuncB1Pattern], withAgent: false);
        await watcher.WaitForOutputAsync(FuncA1);
        using var before = await session.WatchOnceAsync();
        var truthBefore = WatchSnapshotReader.GroundTruth(before, FuncA1);

        session.Resume();
        await Task.Delay(500);
        await session.PauseAsync();
        using var during = await session.WatchOnceAsync();
        var made = WatchSnapshotReader.GroundTruth(during, FuncA1) - truthBefore;
        Assert.Equal(made, WatchSnapshotReader.HookCount(during, FuncA1)?.Calls);

        Assert.True(watcher.Signal(signal));
        await watcher.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await AsyncPoll.UntilAsync(async () => await LeaseTests.IsPatchedAsync(session, FuncA1) == false, TimeSpan.FromSeconds(60),
            () => $"{FuncA1} still patched after the watcher ended (signal {signal})");

        Assert.True(await LeaseTests.IsPatchedAsync(session, FuncB1Pattern + "(System.Int64, System.Int64)"), "the lease took away a patch it did not make");
        var end = (await AuditJson.ReadAsync(session.Sandbox, session.App.Pid)).Single(e => AuditJson.Text(e, "action") == "lease-end");
        Assert.Equal("watch", AuditJson.Text(end, "lease"));
        Assert.Equal([FuncA1], AuditJson.Methods(end));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"unpatched 1 (watch ended; {made} calls counted)"), AuditJson.Text(end, "result"));
        Assert.False(session.App.HasExited);
    }

    [Fact]
    public async Task A_lease_pattern_that_matches_nothing_fails_like_patch_and_gives_back_the_others()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartSampleTargetAsync(sandbox);

        var result = await sandbox.RunInstrAsync("watch", "--once", "--lease", "SampleTarget.Modules.ModuleA:FuncA1", "--lease", "No.Such.Type:Nothing");

        CliAssert.FailsWithOneLine(result, 3);
        var ps = await sandbox.RunInstrAsync("ps", "--json");
        Assert.Equal(0, Assert.Single(PsJson.Agents(ps.StandardOutput)).GetProperty("patched").GetInt32());
        var end = (await AuditJson.ReadAsync(sandbox, app.Pid)).Last();
        Assert.Equal("lease-end", AuditJson.Text(end, "action"));
        Assert.Equal(["SampleTarget.Modules.ModuleA:FuncA1(System.Int32)"], AuditJson.Methods(end));
    }
}

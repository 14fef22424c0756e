using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Cli;

/// <summary>
/// `instr ps` finds .NET processes without the agent (the runtime's diagnostic socket, like dotnet-counters ps), a
/// user attaches to the pid it shows, and the counts are then exact; processes that cannot be attached say why.
/// </summary>
[Collection(EndToEndCollection.SecondLane)]
public sealed class PsAttachTests
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";

    [Fact]
    public async Task Ps_lists_an_app_without_the_agent_as_attachable_then_attach_patch_and_watch_are_exact()
    {
        using var session = await SampleTargetSession.StartPausedAsync(withAgent: false);
        await CountedRun.WarmUpAsync(session);
        var pid = session.App.Pid;

        var before = await session.InstrAsync("ps", "--json");
        CliAssert.Succeeds(before);
        var row = PsJson.Row(before.StandardOutput, pid) ?? throw new Xunit.Sdk.XunitException($"pid {pid} not in ps: {before}");
        Assert.Equal("attachable", row.GetProperty("status").GetString());
        Assert.Equal("SampleTarget", row.GetProperty("name").GetString());
        Assert.StartsWith(".NET ", row.GetProperty("runtime").GetString(), StringComparison.Ordinal);
        Assert.Contains($"dotnet-diagnostic-{pid}-", row.GetProperty("socket").GetString(), StringComparison.Ordinal);

        var plain = await session.InstrAsync("ps");
        Assert.Contains($"attachable\t-\tinstr attach {pid}", plain.StandardOutput, StringComparison.Ordinal);

        CliAssert.Succeeds(await session.InstrAsync("attach", session.Pid));
        var after = await session.InstrAsync("ps", "--json");
        Assert.Equal("agent", PsJson.Row(after.StandardOutput, pid)?.GetProperty("status").GetString());

        var calls = await CountedRun.PatchAndRunAsync(session, FuncA1);
        Assert.True(calls >= 10);
        Assert.False(session.App.HasExited);
    }

    [Fact]
    public async Task An_app_with_diagnostics_off_is_unreachable_and_ps_says_why()
    {
        using var sandbox = new TestSandbox();
        sandbox.ExtraEnvironment["DOTNET_EnableDiagnostics"] = "0";
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: false);

        var ps = await sandbox.RunInstrAsync("ps", "--json");

        CliAssert.Succeeds(ps);
        var row = PsJson.Row(ps.StandardOutput, app.Pid) ?? throw new Xunit.Sdk.XunitException($"pid {app.Pid} not in ps: {ps}");
        Assert.Equal("unreachable", row.GetProperty("status").GetString());
        Assert.Contains("DOTNET_EnableDiagnostics=0", row.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("PlainConsoleApp", row.GetProperty("name").GetString());
    }
}

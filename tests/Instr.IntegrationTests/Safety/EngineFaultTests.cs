using Instr.IntegrationTests.Cli;
using Instr.IntegrationTests.Hosting;
using Instr.IntegrationTests.Infrastructure;
using Instr.Protocol.V1;

namespace Instr.IntegrationTests.Safety;

/// <summary>
/// A failure inside the engine after start never reaches the app, and is recorded and surfaced: INSTR_TEST_FAULTS=
/// jit-callback makes the JIT hook's managed callback throw on every watched compile (here the first compile of a method
/// INSTR_PATCH watches before Main), so the body stays unpatched; the app's output and exit code are those of a run
/// without the agent, and `instr ps` and GetProcessInfo say that faults were kept from the app.
/// </summary>
public sealed class EngineFaultTests
{
    private const string Pattern = "PlainConsoleApp.Squares:Of";

    [Fact]
    public async Task A_throwing_JIT_callback_never_reaches_the_app_and_ps_reports_it()
    {
        using var sandbox = new TestSandbox();
        var dll = RepoLayout.TestApp("PlainConsoleApp");
        var baseline = await ControlledRun.RunAsync(sandbox, dll, withAgent: false);
        sandbox.ExtraEnvironment["INSTR_PATCH"] = Pattern;
        sandbox.ExtraEnvironment["INSTR_TEST_FAULTS"] = "jit-callback";

        ulong faults = 0;
        string? psReason = null;
        var run = await ControlledRun.RunAsync(sandbox, dll, withAgent: true, whileRunning: async (app, socket) =>
        {
            using var agent = new AgentChannel(socket);
            var info = await agent.Client.GetProcessInfoAsync(new GetProcessInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
            faults = info.EngineFaults;
            Assert.Contains("fault injected by INSTR_TEST_FAULTS=jit-callback", info.EngineLastFault, StringComparison.Ordinal);
            var ps = await sandbox.RunInstrAsync("ps", "--json");
            psReason = PsJson.Row(ps.StandardOutput, app.Pid)?.GetProperty("reason").GetString();
        });

        Assert.True(faults > 0, "the callback failure was not counted");
        Assert.NotNull(psReason);
        Assert.Contains("engine faults kept from the app (counts may be low)", psReason, StringComparison.Ordinal);
        UnchangedByAgentTests.AssertSameRun(baseline, run);
    }

    [Fact]
    public async Task Without_faults_ps_reports_none()
    {
        using var sandbox = new TestSandbox();
        sandbox.ExtraEnvironment["INSTR_PATCH"] = Pattern;

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true, whileRunning: async (app, socket) =>
        {
            using var agent = new AgentChannel(socket);
            var info = await agent.Client.GetProcessInfoAsync(new GetProcessInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.Equal(0ul, info.EngineFaults);
            Assert.Equal(string.Empty, info.EngineLastFault);
            var ps = await sandbox.RunInstrAsync("ps", "--json");
            var row = PsJson.Row(ps.StandardOutput, app.Pid);
            Assert.NotNull(row);
            Assert.Equal("agent", row.Value.GetProperty("status").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, row.Value.GetProperty("reason").ValueKind);
        });

        Assert.Equal(0, run.ExitCode);
    }
}

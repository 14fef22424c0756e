using System.Globalization;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;
using Instr.IntegrationTests.Metrics.Otlp;

namespace Instr.IntegrationTests.Metrics;

/// <summary>
/// An app with its own OpenTelemetry (an older SDK than the agent's) sees the Meter `instr` in its own pipeline, while
/// the agent pushes the same numbers over OTLP with its private SDK: both copies load side by side, and both report
/// exactly the 321 calls the app made.
/// </summary>
[Collection(EndToEndCollection.SecondLane)]
public sealed class AppOpenTelemetryTests
{
    private const int Calls = 321;
    private const string Step = "OtelApp.Work:Step(System.Int32)";

    [Fact]
    public async Task The_apps_own_OpenTelemetry_and_the_agents_OTLP_push_both_report_the_exact_count()
    {
        await using var receiver = await OtlpReceiver.StartAsync(FreePort.Loopback(), FreePort.Loopback());
        using var sandbox = new TestSandbox();
        sandbox.ExtraEnvironment["INSTR_PATCH"] = "OtelApp.Work:Step";
        sandbox.ExtraEnvironment["INSTR_OTLP_ENDPOINT"] = receiver.GrpcEndpoint;
        sandbox.ExtraEnvironment["INSTR_OTLP_INTERVAL_MS"] = "500";
        var waitFile = Path.Combine(sandbox.Root, "done");
        var dll = RepoLayout.TestApp("OtelApp");
        var app = sandbox.StartApp(dll, withAgent: true, Calls.ToString(CultureInfo.InvariantCulture), waitFile);

        await app.WaitForOutputAsync("app-otel ", TimeSpan.FromSeconds(90));
        Assert.Contains($"app calls {Calls}\n", app.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"app-otel instr.calls {Step} {Calls}\n", app.StandardOutput, StringComparison.Ordinal);
        await Poll.UntilAsync(() => receiver.Data.Value("instr.calls", Step) == Calls, TimeSpan.FromSeconds(90),
            () => $"the agent's OTLP push has {receiver.Data.Value("instr.calls", Step)?.ToString(CultureInfo.InvariantCulture) ?? "nothing"} for {Step}");

        var maps = await File.ReadAllTextAsync($"/proc/{app.Pid}/maps");
        Assert.Contains(Path.Combine(Path.GetDirectoryName(dll)!, "OpenTelemetry.dll"), maps, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(RepoLayout.AgentBuildDirectory, "OpenTelemetry.dll"), maps, StringComparison.Ordinal);

        File.WriteAllText(waitFile, "");
        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }
}

using System.Globalization;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;
using Instr.IntegrationTests.Metrics.Otlp;

namespace Instr.IntegrationTests.Metrics;

/// <summary>
/// An app with its own OpenTelemetry (an older SDK than the agent's) sees the Meter `instr` in its own pipeline, while
/// the agent pushes the same numbers over OTLP with its private SDK: both copies load side by side, and both report
/// exactly the 321 calls the app made. The app's pipeline also records instr.duration for timed methods.
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

    /// <summary>instr.duration is a Meter histogram the app's own pipeline records: one measurement per timed call made
    /// while it listens, each the call's duration — against the durations the method measured itself.</summary>
    [Fact]
    public async Task The_apps_own_OpenTelemetry_gets_instr_duration_for_every_timed_call()
    {
        const int Naps = 40;
        using var sandbox = new TestSandbox();
        sandbox.ExtraEnvironment["INSTR_PATCH"] = "OtelApp.Work:Step;OtelApp.Work:Nap@timing";
        var waitFile = Path.Combine(sandbox.Root, "done");
        var app = sandbox.StartApp(RepoLayout.TestApp("OtelApp"), withAgent: true,
            Calls.ToString(CultureInfo.InvariantCulture), waitFile, Naps.ToString(CultureInfo.InvariantCulture));

        await app.WaitForOutputAsync("app-otel instr.calls", TimeSpan.FromSeconds(120));
        var truth = Fields(app.StandardOutput, "app naps ");
        var heard = Fields(app.StandardOutput, "app-otel instr.duration OtelApp.Work:Nap(System.Int32) ");
        Assert.Equal(Naps, truth[0]);
        Assert.True(heard[0] == Naps, $"the app's pipeline got {heard[0]} durations for {Naps} calls:\n{app.StandardOutput}");
        // Each measurement encloses the body's own (the probe's wrapper adds ns); a wrong unit would be off by 10^3.
        Assert.True(heard[1] >= truth[1] * 0.98 && heard[1] <= truth[1] * 2, $"sum {heard[1]} s, the body's {truth[1]} s");
        Assert.True(heard[2] >= truth[2] * 0.98, $"min {heard[2]} s, the body's {truth[2]} s");
        Assert.Contains($"app-otel instr.calls {Step} {Calls}\n", app.StandardOutput, StringComparison.Ordinal);

        File.WriteAllText(waitFile, "");
        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    private static double[] Fields(string output, string prefix)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"no \"{prefix}\" line in:\n{output}");
        return line[prefix.Length..].Split(' ').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
    }
}

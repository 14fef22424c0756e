using System.Globalization;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;
using Instr.IntegrationTests.Metrics.Otlp;

namespace Instr.IntegrationTests.Metrics;

/// <summary>
/// The counts where a fleet already looks, each compared with SampleTarget's own count of the same calls: a real
/// Prometheus server scraping INSTR_METRICS_PORT, and a real OTLP receiver getting INSTR_OTLP_ENDPOINT pushes over
/// gRPC and over HTTP/protobuf. The app is paused when the numbers are compared, so every path must show the exact
/// same total.
/// </summary>
public sealed class FleetExportTests
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_Prometheus_server_scraping_INSTR_METRICS_PORT_returns_the_exact_count()
    {
        var metricsPort = FreePort.Loopback();
        using var session = await SampleTargetSession.StartPausedAsync(configure: s => s.ExtraEnvironment["INSTR_METRICS_PORT"] = metricsPort.ToString(CultureInfo.InvariantCulture));
        await CountedRun.WarmUpAsync(session);
        var calls = await CountedRun.PatchAndRunAsync(session, FuncA1);

        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        Assert.Contains($"instr_calls_total{{method=\"{FuncA1}\"}} {calls}\n", text, StringComparison.Ordinal);
        using var post = await http.PostAsync($"http://127.0.0.1:{metricsPort}/metrics", new StringContent(""));
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, post.StatusCode);

        using var prometheus = await PrometheusServer.StartAsync(session.Sandbox, metricsPort);
        var query = $"instr_calls_total{{method=\"{FuncA1}\"}}";
        string? value = null;
        await Poll.UntilAsync(
            () => (value = prometheus.QueryOneAsync(query).GetAwaiter().GetResult()) == calls.ToString(CultureInfo.InvariantCulture),
            ArrivalTimeout,
            () => $"Prometheus query {query} returned {value ?? "nothing"}, SampleTarget made {calls} calls\n{prometheus.Log}");
        Assert.False(session.App.HasExited);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task An_OTLP_receiver_gets_the_exact_count(string protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync(FreePort.Loopback(), FreePort.Loopback());
        using var session = await SampleTargetSession.StartPausedAsync(configure: s =>
        {
            s.ExtraEnvironment["INSTR_OTLP_ENDPOINT"] = protocol == "grpc" ? receiver.GrpcEndpoint : receiver.HttpEndpoint;
            s.ExtraEnvironment["INSTR_OTLP_PROTOCOL"] = protocol;
            s.ExtraEnvironment["INSTR_OTLP_INTERVAL_MS"] = "500";
        });
        await CountedRun.WarmUpAsync(session);
        var calls = await CountedRun.PatchAndRunAsync(session, FuncA1);

        await Poll.UntilAsync(
            () => receiver.Data.Value("instr.calls", FuncA1) == calls,
            ArrivalTimeout,
            () => $"OTLP receiver has instr.calls {receiver.Data.Value("instr.calls", FuncA1)?.ToString(CultureInfo.InvariantCulture) ?? "nothing"} " +
                  $"after {receiver.Data.Exports} exports, SampleTarget made {calls} calls");
        Assert.Equal([protocol], receiver.Data.Protocols);
        Assert.Equal("SampleTarget", receiver.Data.ResourceAttributes.GetValueOrDefault("service.name"));
        Assert.Equal(session.Pid, receiver.Data.ResourceAttributes.GetValueOrDefault("process.pid"));
    }
}

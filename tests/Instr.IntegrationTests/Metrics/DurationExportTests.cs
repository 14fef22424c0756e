using System.Globalization;
using System.Text.RegularExpressions;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;
using Instr.IntegrationTests.Metrics.Otlp;

namespace Instr.IntegrationTests.Metrics;

/// <summary>
/// `instr.duration` where a fleet looks, from a real app whose timed methods have known durations and failures
/// (<see cref="TimedCallsApp"/>: sleeps of 2 ms and every 4th of 8 ms; every 3rd call of another method throws),
/// patched with `--probe timing` after warm-up. Counts are compared exactly with the calls the app made. Durations
/// are checked only where a sleep guarantees them (a sleep never ends early; how late it ends depends on the load):
/// no 2 ms sleep is at or below 1 ms, every 8 ms sleep is above 5 ms.
/// </summary>
public sealed partial class DurationExportTests
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Prometheus_text_has_a_real_histogram_with_the_exact_count_and_a_Prometheus_server_reads_its_quantiles()
    {
        var metricsPort = FreePort.Loopback();
        using var sandbox = new TestSandbox();
        sandbox.ExtraEnvironment["INSTR_METRICS_PORT"] = metricsPort.ToString(CultureInfo.InvariantCulture);
        using var app = await TimedCallsApp.StartAsync(sandbox);
        await PatchWithTimingAsync(sandbox, app);
        await app.RunAsync();

        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        Assert.Contains("# TYPE instr_duration_seconds histogram\n", text, StringComparison.Ordinal);

        var sleep = Buckets(text, TimedCallsApp.Sleep);
        Assert.Equal(app.Calls, Sample(text, "instr_duration_seconds_count", TimedCallsApp.Sleep));
        Assert.Equal("+Inf", sleep[^1].Le);
        Assert.Equal(app.Calls, sleep[^1].Count);
        for (var i = 1; i < sleep.Count; i++)
        {
            Assert.True(sleep[i].Count >= sleep[i - 1].Count, $"buckets must be cumulative: {string.Join(", ", sleep)}");
        }

        Assert.Equal(0, sleep.Single(b => b.Le == "0.001").Count);
        var atMost5ms = sleep.Single(b => b.Le == "0.005").Count;
        Assert.True(app.Calls - atMost5ms >= app.LongSleeps, $"all {app.LongSleeps} sleeps of 8 ms are above 5 ms: {string.Join(", ", sleep)}");
        var sum = SampleValue(text, "instr_duration_seconds_sum", TimedCallsApp.Sleep);
        var slept = ((app.Calls - app.LongSleeps) * 0.002) + (app.LongSleeps * 0.008);
        Assert.True(sum >= slept * 0.98, $"sum {sum} s of calls that slept at least {slept} s (buckets are within 1.6%)");

        // The throwing method: calls that threw are exceptions, the others are durations; together every call.
        Assert.Equal(app.Exceptions, Sample(text, "instr_exceptions_total", TimedCallsApp.Fail));
        Assert.Equal(app.Calls - app.Exceptions, Sample(text, "instr_duration_seconds_count", TimedCallsApp.Fail));
        Assert.Equal(app.Calls, Sample(text, "instr_calls_total", TimedCallsApp.Fail));

        using var prometheus = await PrometheusServer.StartAsync(sandbox, metricsPort);
        var count = $"instr_duration_seconds_count{{method=\"{TimedCallsApp.Sleep}\"}}";
        string? value = null;
        await Poll.UntilAsync(
            () => (value = prometheus.QueryOneAsync(count).GetAwaiter().GetResult()) == app.Calls.ToString(CultureInfo.InvariantCulture),
            ArrivalTimeout,
            () => $"Prometheus query {count} returned {value ?? "nothing"}, the app made {app.Calls} calls\n{prometheus.Log}");

        // Three quarters of the calls sleep 2 ms: the median lies above 1 ms and, unless most of those 2 ms sleeps
        // overslept fivefold, at most 10 ms.
        var median = double.Parse(
            await prometheus.QueryOneAsync($"histogram_quantile(0.5, instr_duration_seconds_bucket{{method=\"{TimedCallsApp.Sleep}\"}})") ?? "NaN",
            CultureInfo.InvariantCulture);
        Assert.InRange(median, 0.001, 0.010);
        var p99 = double.Parse(
            await prometheus.QueryOneAsync($"histogram_quantile(0.99, instr_duration_seconds_bucket{{method=\"{TimedCallsApp.Sleep}\"}})") ?? "NaN",
            CultureInfo.InvariantCulture);
        Assert.True(p99 > 0.005, $"p99 {p99} s: every 4th call sleeps 8 ms");
        Assert.False(app.App.HasExited);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task An_OTLP_receiver_gets_the_duration_histogram_with_the_exact_count(string protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync(FreePort.Loopback(), FreePort.Loopback());
        using var sandbox = new TestSandbox();
        sandbox.ExtraEnvironment["INSTR_OTLP_ENDPOINT"] = protocol == "grpc" ? receiver.GrpcEndpoint : receiver.HttpEndpoint;
        sandbox.ExtraEnvironment["INSTR_OTLP_PROTOCOL"] = protocol;
        sandbox.ExtraEnvironment["INSTR_OTLP_INTERVAL_MS"] = "500";
        sandbox.ExtraEnvironment["OTEL_EXPORTER_OTLP_HEADERS"] = $"{OtlpPoints.TestHeader}=key%20one";
        using var app = await TimedCallsApp.StartAsync(sandbox);
        await PatchWithTimingAsync(sandbox, app);
        await app.RunAsync();

        ReceivedHistogram? sleep = null;
        await Poll.UntilAsync(
            () => (sleep = receiver.Data.Histogram("instr.duration", TimedCallsApp.Sleep)) is { } h && h.Count == (ulong)app.Calls
                && receiver.Data.Histogram("instr.duration", TimedCallsApp.Fail)?.Count == (ulong)(app.Calls - app.Exceptions)
                && receiver.Data.Value("instr.exceptions", TimedCallsApp.Fail) == app.Exceptions,
            ArrivalTimeout,
            () => $"OTLP receiver has instr.duration count {sleep?.Count.ToString(CultureInfo.InvariantCulture) ?? "nothing"} for Sleep " +
                  $"after {receiver.Data.Exports} exports, the app made {app.Calls} calls");

        var histogram = sleep!;
        Assert.Equal("s", histogram.Unit);
        Assert.Equal(2, histogram.Temporality);
        Assert.Equal(histogram.Bounds.Count + 1, histogram.BucketCounts.Count);
        Assert.Equal((ulong)app.Calls, histogram.BucketCounts.Aggregate(0UL, (a, b) => a + b));
        Assert.Equal(0UL, BucketsAtOrBelow(histogram, 0.001));
        Assert.True((ulong)app.Calls - BucketsAtOrBelow(histogram, 0.005) >= (ulong)app.LongSleeps, $"all 8 ms sleeps above 5 ms: {string.Join(", ", histogram.BucketCounts)}");
        Assert.Equal([protocol], receiver.Data.Protocols);
        Assert.Equal("key one", receiver.Data.HeaderOf("instr.duration"));
        Assert.Equal("key one", receiver.Data.HeaderOf("instr.calls"));
        // The agent's own SDK exports instr.calls but drops the Meter's per-call instr.duration (the push above carries
        // the engine's buckets): its pipeline must never make each timed call pay a Record.
        Assert.DoesNotContain("instr.duration", receiver.Data.SentWith("instr.calls"));
        var resource = receiver.Data.ResourceOf("instr.duration")!;
        Assert.Equal("PlainConsoleApp", resource.GetValueOrDefault("service.name"));
        Assert.Equal(app.Pid, resource.GetValueOrDefault("process.pid"));
        Assert.Equal(receiver.Data.ResourceOf("instr.calls")!.GetValueOrDefault("service.instance.id"), resource.GetValueOrDefault("service.instance.id"));
    }

    [Fact]
    public async Task The_push_at_exit_carries_the_final_durations()
    {
        // An interval far longer than the run: only the push at exit can deliver, and it must carry every call. The
        // pushes at exit get 1 s together, as a collector would answer: the receiver has served a request already.
        await using var receiver = await OtlpReceiver.StartAsync(FreePort.Loopback(), FreePort.Loopback());
        using (var warm = new HttpClient())
        {
            using var body = new ByteArrayContent([]);
            (await warm.PostAsync(receiver.HttpEndpoint + "/v1/metrics", body)).EnsureSuccessStatusCode();
        }

        using var sandbox = new TestSandbox();
        var log = Path.Combine(sandbox.Root, "agent.log");
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;
        sandbox.ExtraEnvironment["INSTR_OTLP_ENDPOINT"] = receiver.HttpEndpoint;
        sandbox.ExtraEnvironment["INSTR_OTLP_PROTOCOL"] = "http/protobuf";
        sandbox.ExtraEnvironment["INSTR_OTLP_INTERVAL_MS"] = "600000";
        using var app = await TimedCallsApp.StartAsync(sandbox);
        await Poll.UntilAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("OTLP export of Meter", StringComparison.Ordinal),
            ArrivalTimeout, () => $"the agent never started its OTLP export:\n{(File.Exists(log) ? File.ReadAllText(log) : "no log")}");
        await PatchWithTimingAsync(sandbox, app);
        await app.RunAsync();
        Assert.Equal(1, receiver.Data.Exports); // the test's own request

        Assert.Equal(0, await app.ExitAsync());
        Assert.True(receiver.Data.Histogram("instr.duration", TimedCallsApp.Sleep) is not null,
            $"no instr.duration after {receiver.Data.Exports - 1} exports (instr.calls {receiver.Data.Value("instr.calls", TimedCallsApp.Sleep)}); agent log:\n{File.ReadAllText(log)}");

        Assert.Equal((ulong)app.Calls, receiver.Data.Histogram("instr.duration", TimedCallsApp.Sleep)?.Count);
        Assert.Equal((ulong)(app.Calls - app.Exceptions), receiver.Data.Histogram("instr.duration", TimedCallsApp.Fail)?.Count);
        Assert.Equal(app.Exceptions, receiver.Data.Value("instr.exceptions", TimedCallsApp.Fail));
        Assert.Equal(app.Calls, receiver.Data.Value("instr.calls", TimedCallsApp.Sleep));
    }

    private static async Task PatchWithTimingAsync(TestSandbox sandbox, TimedCallsApp app)
    {
        var patch = await sandbox.RunInstrAsync("patch", "-p", app.Pid, TimedCallsApp.Pattern, "--probe", "timing");
        Assert.True(patch.ExitCode == 0, $"patch {TimedCallsApp.Pattern} --probe timing: {patch}");
    }

    private static ulong BucketsAtOrBelow(ReceivedHistogram histogram, double bound)
    {
        var index = histogram.Bounds.ToList().IndexOf(bound);
        Assert.True(index >= 0, $"bound {bound} among {string.Join(", ", histogram.Bounds)}");
        return histogram.BucketCounts.Take(index + 1).Aggregate(0UL, (a, b) => a + b);
    }

    private static List<(string Le, long Count)> Buckets(string text, string method) =>
        [.. BucketLine().Matches(text)
            .Where(m => m.Groups["method"].Value == method)
            .Select(m => (m.Groups["le"].Value, long.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))];

    private static long Sample(string text, string metric, string method) => (long)SampleValue(text, metric, method);

    private static double SampleValue(string text, string metric, string method)
    {
        var line = $"{metric}{{method=\"{method}\"}} ";
        var at = text.IndexOf("\n" + line, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no sample {line.Trim()} in\n{text}");
        var start = at + 1 + line.Length;
        return double.Parse(text[start..text.IndexOf('\n', start)], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("""^instr_duration_seconds_bucket\{method="(?<method>[^"]*)",le="(?<le>[^"]*)"\} (?<value>\d+)$""", RegexOptions.Multiline)]
    private static partial Regex BucketLine();
}

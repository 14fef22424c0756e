using System.Globalization;
using System.Text.Json;

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// A real Prometheus server (the Debian package's binary), started by the test with its own configuration and storage
/// in the sandbox, listening on a free loopback port, scraping one target every second. Never the system service.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private const string Binary = "/usr/bin/prometheus";

    private readonly ChildProcess _process;
    private readonly HttpClient _http;

    private PrometheusServer(ChildProcess process, int port)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public static bool IsInstalled => File.Exists(Binary);

    public static async Task<PrometheusServer> StartAsync(TestSandbox sandbox, int scrapedPort)
    {
        Assert.True(IsInstalled, $"{Binary} is missing: install Debian's prometheus package (apt-get install prometheus; .ci/run does it)");
        var directory = Directory.CreateDirectory(Path.Combine(sandbox.Root, "prometheus")).FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: instr
                static_configs:
                  - targets: ['127.0.0.1:{scrapedPort}']
            """));
        var port = FreePort.Loopback();
        var process = sandbox.Start(Binary,
        [
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"),
        ], withAgent: false, workingDirectory: directory);
        var server = new PrometheusServer(process, port);
        await Poll.UntilAsync(() => server.IsReady(), TimeSpan.FromSeconds(60),
            () => $"prometheus did not become ready\n{process.StandardError}",
            () => process.HasExited ? $"prometheus exited: {process.StandardError}" : null);
        return server;
    }

    /// <summary>The value of an instant query that returns one sample, or null when it returns none (yet).</summary>
    public async Task<string?> QueryOneAsync(string promql)
    {
        using var response = await _http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 1 ? result[0].GetProperty("value")[1].GetString() : null;
    }

    public string Log => _process.StandardError;

    public void Dispose()
    {
        _http.Dispose();
        _process.Dispose();
    }

    private bool IsReady()
    {
        try
        {
            using var response = _http.GetAsync("/-/ready").GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}

#if NET10_0_OR_GREATER
using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Instr.Agent.Hosting;
using Instr.Agent.Logging;
using OpenTelemetry;

namespace Instr.Agent.Metrics;

/// <summary>
/// Pushes <c>instr.duration</c> to the same OTLP endpoint, protocol, interval and resource as the SDK's export of the
/// other instruments, as a histogram data point built from the engine's buckets (<see cref="OtlpDurationEncoding"/>).
/// OTLP/HTTP: a protobuf POST to the endpoint; OTLP/gRPC: the unary call
/// <c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c> over HTTP/2 (h2c for http://), framed by
/// hand (the agent has no gRPC client). Pushes only when some method is timed. A failed push is logged once until
/// one succeeds again: a collector that is down must not fill the agent log.
/// </summary>
internal sealed class OtlpDurationPush : IDisposable
{
    private const string GrpcPath = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(10);

    private readonly OtlpSettings _settings;
    private readonly PatchedMethodReadings _readings;
    private readonly IReadOnlyList<KeyValuePair<string, object>> _resource;
    private readonly HttpClient _http;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers = OtlpHeaders.FromEnvironment();
    private readonly Timer _timer;
    private int _pushing;
    private bool _failing;

    public OtlpDurationPush(OtlpSettings settings, PatchedMethodReadings readings, IEnumerable<KeyValuePair<string, object>> resource)
    {
        _settings = settings;
        _readings = readings;
        _resource = [.. resource];
        // Own meter names for the handler's http.client.* instruments: the app's listeners never count these pushes.
        var handler = new SocketsHttpHandler { MeterFactory = new PrefixedMeterFactory(), ActivityHeadersPropagator = null };
        _http = new HttpClient(handler) { Timeout = PushTimeout };
        _timer = new Timer(_ => _ = PushAsync(), null, settings.IntervalMs, settings.IntervalMs);
    }

    /// <summary>Stops the timer and starts the last push; the caller waits for it (bounded) while the SDK shuts down.</summary>
    public Task StopAsync()
    {
        _timer.Dispose();
        return Task.Run(async () =>
        {
            // A periodic push still under way has older numbers: let it end, then push the final ones.
            while (Volatile.Read(ref _pushing) != 0)
            {
                await Task.Delay(10).ConfigureAwait(false);
            }

            await PushAsync().ConfigureAwait(false);
        });
    }

    public void Dispose()
    {
        _timer.Dispose();
        _http.Dispose();
    }

    /// <summary>Never throws: it runs on a timer, where an exception would end the app.</summary>
    private async Task PushAsync()
    {
        // One push at a time: a slow collector must not pile up requests.
        if (Interlocked.CompareExchange(ref _pushing, 1, 0) != 0)
        {
            return;
        }

        try
        {
            var timed = _readings.Read().Where(r => r.Duration is not null).ToList();
            if (timed.Count == 0)
            {
                return;
            }

            var body = OtlpDurationEncoding.Request(_resource, timed, DateTimeOffset.UtcNow, AgentVersion.Current);
            using var request = _settings.HttpProtobuf ? HttpRequest(body) : GrpcRequest(body);
            HttpResponseMessage response;
            using (SuppressInstrumentationScope.Begin())
            {
                response = await _http.SendAsync(request).ConfigureAwait(false);
            }

            using var received = response;
            var failure = await FailureAsync(response).ConfigureAwait(false);
            if (failure is null)
            {
                if (_failing)
                {
                    AgentLog.Info($"OTLP push of {OtlpDurationEncoding.MetricName} works again");
                }

                _failing = false;
            }
            else
            {
                ReportFailure(failure);
            }
        }
        catch (Exception error)
        {
            ReportFailure($"{error.GetType().Name}: {error.Message.ReplaceLineEndings(" ")}");
        }
        finally
        {
            Volatile.Write(ref _pushing, 0);
        }
    }

    private HttpRequestMessage HttpRequest(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _settings.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        AddHeaders(request);
        return request;
    }

    /// <summary>The collector's headers (an API key, a tenant) as the SDK sends them for the other instruments.</summary>
    private void AddHeaders(HttpRequestMessage request)
    {
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private HttpRequestMessage GrpcRequest(byte[] body)
    {
        // gRPC message framing: 1 byte "not compressed", 4 bytes big-endian length, the message.
        var framed = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)body.Length);
        body.CopyTo(framed, 5);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_settings.Endpoint, GrpcPath))
        {
            Content = new ByteArrayContent(framed),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        AddHeaders(request);
        return request;
    }

    /// <summary>Null when the collector took the data; else what went wrong (HTTP status, or gRPC status).</summary>
    private async Task<string?> FailureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            return $"HTTP {(int)response.StatusCode}";
        }

        if (_settings.HttpProtobuf)
        {
            return null;
        }

        // Reading the body to its end makes the trailers (grpc-status) available.
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
        return status is null or "0" ? null : $"gRPC status {status} {Header(response.TrailingHeaders, "grpc-message")}".TrimEnd();
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private void ReportFailure(string reason)
    {
        if (!_failing)
        {
            AgentLog.Warn($"OTLP push of {OtlpDurationEncoding.MetricName} to {_settings.Endpoint} failed: {reason} (logged once until it works again)");
        }

        _failing = true;
    }
}
#endif

using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Instr.IntegrationTests.Metrics.Otlp;

/// <summary>
/// A real OTLP metrics receiver on loopback, as a collector would be: OTLP/gRPC on one port (HTTP/2 without TLS) and
/// OTLP/HTTP with protobuf bodies at /v1/metrics on another. It keeps the latest value of every sum data point, keyed
/// by metric name and its <c>method</c> attribute, and the resource attributes of the last export.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, OtlpPoints data, int grpcPort, int httpPort)
    {
        _app = app;
        Data = data;
        GrpcEndpoint = $"http://127.0.0.1:{grpcPort}";
        HttpEndpoint = $"http://127.0.0.1:{httpPort}";
    }

    public string GrpcEndpoint { get; }

    public string HttpEndpoint { get; }

    public OtlpPoints Data { get; }

    public static async Task<OtlpReceiver> StartAsync(int grpcPort, int httpPort)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, grpcPort, l => l.Protocols = HttpProtocols.Http2);
            k.Listen(IPAddress.Loopback, httpPort, l => l.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc();
        var received = new OtlpPoints();
        builder.Services.AddSingleton(received);
        var app = builder.Build();
        app.MapGrpcService<MetricsExportService>();
        app.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Add(ExportMetricsServiceRequest.Parser.ParseFrom(body.ToArray()), "http/protobuf", context.Request.Headers[OtlpPoints.TestHeader].FirstOrDefault());
            context.Response.ContentType = "application/x-protobuf";
            await context.Response.Body.WriteAsync(new ExportMetricsServiceResponse().ToByteArray());
        });
        await app.StartAsync();
        return new OtlpReceiver(app, received, grpcPort, httpPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class MetricsExportService(OtlpPoints received) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            received.Add(request, "grpc", context.RequestHeaders.GetValue(OtlpPoints.TestHeader));
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }
}

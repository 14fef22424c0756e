using System.Net;
using Instr.Agent.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Instr.Agent.Metrics;

/// <summary>
/// INSTR_METRICS_PORT: GET http://127.0.0.1:N/metrics in Prometheus text format. A host of its own, apart from the
/// gRPC host: it speaks HTTP/1.1 to scrapers, never reaches the gRPC services, and a port that cannot be bound costs
/// only this endpoint. Loopback only and read-only: anything but GET/HEAD /metrics is refused. Like the gRPC host it
/// reads no configuration, logs nowhere near the app, and keeps its requests out of the app's telemetry.
/// </summary>
internal sealed class PrometheusEndpoint : IAsyncDisposable
{
    public const string Path = "/metrics";

    private readonly WebApplication _host;

    private PrometheusEndpoint(WebApplication host) => _host = host;

    public static PrometheusEndpoint Start(int port, PatchedMethodReadings readings, string contentRoot)
    {
        var builder = IsolatedWebHost.CreateBuilder("Instr.Agent.Metrics", contentRoot);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        app.Run(context => Serve(context, readings));
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        return new PrometheusEndpoint(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await _host.StopAsync(bound.Token).ConfigureAwait(false);
        await _host.DisposeAsync().ConfigureAwait(false);
    }

    private static Task Serve(HttpContext context, PatchedMethodReadings readings)
    {
        if (!string.Equals(context.Request.Path.Value, Path, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        context.Response.ContentType = PrometheusText.ContentType;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : context.Response.WriteAsync(PrometheusText.Render(readings.Read()));
    }
}

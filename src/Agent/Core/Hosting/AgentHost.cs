using System.Net;
using Instr.Agent.Logging;
using Instr.Agent.Security;
using Instr.Agent.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Instr.Agent.Hosting;

/// <summary>
/// The agent's gRPC server inside the app: an empty WebApplication (no configuration sources, so the app's
/// appsettings.json/environment endpoints are never read or bound; no logging providers, so nothing reaches the
/// app's console), Kestrel core with HTTP/2 on the Unix socket only, a no-op host lifetime (the app owns its
/// signals) and telemetry kept apart from the app's.
/// </summary>
internal static class AgentHost
{
    public static WebApplication Start(AgentHostOptions options, AgentIdentity identity, AgentLifetime lifetime, string agentDirectory)
    {
        var builder = IsolatedWebHost.CreateBuilder("Instr.Agent", agentDirectory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenUnixSocket(options.SocketPath, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(PeerUidFilter.For(options.AllowedUid));
            });
            if (options.Tcp is { } tcp)
            {
                kestrel.Listen(IPAddress.Loopback, tcp.Port, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });

        if (AgentLog.Enabled)
        {
            builder.Logging.AddProvider(new AgentLogProvider());
        }

        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc();
        // Standard gRPC health checking and server reflection, so grpcurl-style tools can explore the socket. Health is
        // evaluated when asked (no cache), and an agent that answers at all is serving, from its first request on (with
        // no check registered the service would say UNKNOWN).
        builder.Services.AddGrpcHealthChecks(health => health.UseHealthChecksCache = false)
            .AddCheck("agent", () => HealthCheckResult.Healthy("the agent answers on its socket"));
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton(identity);
        builder.Services.AddSingleton(lifetime);
        builder.Services.AddInstrServices();

        var app = builder.Build();
        if (options.Tcp is { } access)
        {
            app.Use(access.CheckAsync);
        }

        app.MapGrpcService<InstrumentationService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.Lifetime.ApplicationStopping.Register(lifetime.SignalStopping);
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch
        {
            // Nothing of a host that did not start may linger (listeners, hosted services).
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        return app;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Instr.Agent.Hosting;

/// <summary>
/// What every web host the agent runs inside the app shares (the gRPC host, the Prometheus endpoint): an empty
/// WebApplication builder (no configuration sources, so the app's appsettings.json/environment endpoints are never
/// read), Kestrel core only, no logging providers, a no-op host lifetime (the app owns its signals) and telemetry
/// kept apart from the app's. Callers add their own listeners and services.
/// </summary>
internal static class IsolatedWebHost
{
    public static WebApplicationBuilder CreateBuilder(string applicationName, string contentRoot)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = applicationName,
            ContentRootPath = contentRoot,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseKestrelCore();
        builder.Logging.ClearProviders();
        builder.Services.RemoveAll<IHostLifetime>();
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.Services.IsolateAgentTelemetry();
        return builder;
    }
}

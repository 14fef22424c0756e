using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Instr.Agent.Hosting;

/// <summary>
/// Keeps the agent's own requests out of the app's telemetry: own meter names, own DiagnosticListener and
/// ActivitySource instead of the shared "Microsoft.AspNetCore" ones. (The static Hosting EventSource cannot be
/// separated when ASP.NET Core is shared with the app; it still counts agent requests.)
/// </summary>
internal static class TelemetryIsolation
{
    public const string SourceName = "Instr.Agent";

    public static IServiceCollection IsolateAgentTelemetry(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IMeterFactory, PrefixedMeterFactory>());
        var listener = new DiagnosticListener(SourceName);
        services.Replace(ServiceDescriptor.Singleton(listener));
        services.Replace(ServiceDescriptor.Singleton<DiagnosticSource>(listener));
        services.Replace(ServiceDescriptor.Singleton(new ActivitySource(SourceName)));
        return services;
    }
}

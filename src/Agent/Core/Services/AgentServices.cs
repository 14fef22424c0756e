using Grpc.AspNetCore.Server;
using Instr.Agent.Counters;
using Instr.Agent.Resolution;
using Microsoft.Extensions.DependencyInjection;

namespace Instr.Agent.Services;

/// <summary>Registers what <see cref="InstrumentationService"/> needs. Hosting calls this after registering
/// <see cref="AgentIdentity"/>, then maps the service with <c>MapGrpcService&lt;InstrumentationService&gt;()</c>.</summary>
internal static class AgentServices
{
    public static IServiceCollection AddInstrServices(this IServiceCollection services)
    {
        services.AddSingleton<MethodResolver>();
        services.AddSingleton<EngineAccess>();
        services.AddSingleton<PatchCoordinator>();
        services.AddSingleton<MeterCollector>();
        services.AddHostedService<EnvironmentFeatures>();
        services.Configure<GrpcServiceOptions>(options => options.Interceptors.Add<ErrorMappingInterceptor>());
        return services;
    }
}

using Microsoft.Extensions.Hosting;

namespace Instr.Agent.Services;

/// <summary>Switches on the features driven by environment variables (INSTR_PATCH, INSTR_REPORT) when the agent starts.
/// Hosting may apply INSTR_PATCH earlier, synchronously, through <see cref="StartupPatches.ApplyOnce"/>.</summary>
internal sealed class EnvironmentFeatures(EngineAccess engine, AgentIdentity identity) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ExitReport.RegisterOnce(engine, identity.Pid);
        StartupPatches.ApplyOnce(engine);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

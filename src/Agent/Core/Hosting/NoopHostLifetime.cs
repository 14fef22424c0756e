using Microsoft.Extensions.Hosting;

namespace Instr.Agent.Hosting;

/// <summary>
/// Replaces ConsoleLifetime, which the empty builder still registers: it would swallow the app's SIGINT/SIGTERM
/// (the app then ran on instead of ending with 130/143). The app decides when the process ends, never the agent.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

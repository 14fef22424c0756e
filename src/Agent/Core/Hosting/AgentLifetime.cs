namespace Instr.Agent.Hosting;

/// <summary>
/// Fires <see cref="Stopping"/> when the app is going away (ProcessExit, SIGTERM) or the agent's host stops, so
/// long-running calls such as Watch streams end at once instead of holding up the app's exit. Registered as a
/// singleton; IHostApplicationLifetime.ApplicationStopping fires at the same moments.
/// </summary>
internal sealed class AgentLifetime : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public CancellationToken Stopping => _stopping.Token;

    public void SignalStopping()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (AggregateException)
        {
            // A callback of a watcher threw; the agent still stops.
        }
    }

    public void Dispose() => _stopping.Dispose();
}

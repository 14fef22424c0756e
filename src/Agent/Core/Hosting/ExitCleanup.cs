using System.Runtime.InteropServices;
using Instr.Agent.Logging;
using Microsoft.AspNetCore.Builder;

namespace Instr.Agent.Hosting;

/// <summary>
/// When the app goes away: delete the socket (so `instr ps` does not list a dead agent), tell long-running calls to
/// end, and stop the host within a short bound. Runs on ProcessExit and on SIGTERM/SIGINT — .NET 10 ends a process
/// on those signals without ProcessExit — and never cancels a signal: the app's exit code stays the app's.
/// Known limit: an app that cancels SIGINT/SIGTERM and keeps running has lost its socket (`instr` no longer finds it).
/// </summary>
internal sealed class ExitCleanup
{
    private static readonly TimeSpan StopBound = TimeSpan.FromMilliseconds(500);

    private readonly WebApplication _host;
    private readonly string _socketPath;
    private readonly AgentLifetime _lifetime;
    private readonly PosixSignalRegistration _sigterm;
    private readonly PosixSignalRegistration _sigint;
    private int _done;

    private ExitCleanup(WebApplication host, string socketPath, AgentLifetime lifetime)
    {
        _host = host;
        _socketPath = socketPath;
        _lifetime = lifetime;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run("process exit", waitForStop: true);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Run("SIGTERM", waitForStop: false));
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Run("SIGINT", waitForStop: false));
    }

    /// <summary>The registrations live as long as the process; the instance is kept so the signal handler stays registered.</summary>
    public static ExitCleanup? Current { get; private set; }

    public static void Register(WebApplication host, string socketPath, AgentLifetime lifetime) =>
        Current = new ExitCleanup(host, socketPath, lifetime);

    /// <summary>Deletes our socket file if it is still there (used also when the start fails half-way).</summary>
    public static void DeleteSocket(string socketPath)
    {
        try
        {
            File.Delete(socketPath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            AgentLog.Warn($"could not delete {socketPath}: {error.Message}");
        }
    }

    private void Run(string why, bool waitForStop)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return;
        }

        DeleteSocket(_socketPath);
        _lifetime.SignalStopping();
        // On a signal the default action ends the process right after the handlers, so the stop is only started;
        // if the app cancelled the signal (graceful shutdown), it completes.
        var stop = Task.Run(() => _host.StopAsync());
        if (waitForStop && !stop.Wait(StopBound))
        {
            AgentLog.Warn($"agent host did not stop within {StopBound.TotalMilliseconds} ms at {why}");
        }

        AgentLog.Info($"stopped at {why}; socket {_socketPath} deleted");
        GC.KeepAlive(_sigterm);
        GC.KeepAlive(_sigint);
    }
}

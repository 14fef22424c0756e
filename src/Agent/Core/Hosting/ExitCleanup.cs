using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Instr.Agent.Logging;
using Microsoft.AspNetCore.Builder;

namespace Instr.Agent.Hosting;

/// <summary>
/// When the app goes away: delete the socket (so `instr ps` does not list a dead agent), tell long-running calls to
/// end, and give the host at most <see cref="StopBound"/> to close its connections: the app's exit is never held up
/// for more than that by the agent, whatever clients are connected (they see the connection end).
/// SIGTERM/SIGINT end a .NET 10 process without ProcessExit unless a handler cancels them, and the agent cannot know
/// whether a handler registered after its own will. So on a signal nobody has cancelled yet, the socket is only
/// hidden (renamed to the name discovery ignores): if the process is gone a moment later, nothing is left a client
/// could find; if the app handled the signal and runs on, the socket is put back and the agent keeps serving.
/// The agent never cancels a signal: the app's exit code stays the app's.
/// </summary>
internal sealed class ExitCleanup
{
    /// <summary>The most the agent adds to the app's exit.</summary>
    public static readonly TimeSpan StopBound = TimeSpan.FromMilliseconds(50);

    /// <summary>How long after an uncancelled signal the process must still be running to count as having survived it.</summary>
    private static readonly TimeSpan SurvivalCheck = TimeSpan.FromSeconds(1);

    private readonly WebApplication _host;
    private readonly string _socketPath;
    private readonly string _hiddenPath;
    private readonly AgentLifetime _lifetime;
    private readonly PosixSignalRegistration _sigterm;
    private readonly PosixSignalRegistration _sigint;
    private readonly Lock _gate = new();
    private bool _done;
    private int _hiddenBySignal;

    private ExitCleanup(WebApplication host, string socketPath, AgentLifetime lifetime)
    {
        _host = host;
        _socketPath = socketPath;
        _hiddenPath = AgentSocketPath.BindingPathOf(socketPath);
        _lifetime = lifetime;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop("process exit");
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
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

    private void OnSignal(PosixSignalContext context)
    {
        // An earlier handler (the app's, or its host's) already keeps the process alive: nothing to do.
        if (context.Cancel)
        {
            return;
        }

        lock (_gate)
        {
            if (_done || !TryMove(_socketPath, _hiddenPath))
            {
                return;
            }

            _hiddenBySignal = 1;
        }

        var signal = context.Signal;
        _ = Task.Delay(SurvivalCheck).ContinueWith(_ => RestoreAfterSurvived(signal), TaskScheduler.Default);
        GC.KeepAlive(_sigterm);
        GC.KeepAlive(_sigint);
    }

    private void RestoreAfterSurvived(PosixSignal signal)
    {
        lock (_gate)
        {
            if (_done || Interlocked.Exchange(ref _hiddenBySignal, 0) == 0)
            {
                return;
            }

            if (TryMove(_hiddenPath, _socketPath))
            {
                AgentLog.Info($"the app handled {signal} and runs on: socket {_socketPath} is back");
            }
        }
    }

    private void Stop(string why)
    {
        var clock = Stopwatch.StartNew();
        lock (_gate)
        {
            if (_done)
            {
                return;
            }

            _done = true;
        }

        DeleteSocket(_socketPath);
        DeleteSocket(_hiddenPath);
        _lifetime.SignalStopping();
        var stop = Task.Run(() => _host.StopAsync());
        var stopped = stop.Wait(StopBound);
        AgentLog.Info(string.Create(CultureInfo.InvariantCulture,
            $"stopped at {why} in {clock.Elapsed.TotalMilliseconds:0.0} ms{(stopped ? "" : " (host still closing connections: left to the exit)")}; socket {_socketPath} deleted"));
    }

    private static bool TryMove(string from, string to)
    {
        try
        {
            File.Move(from, to, overwrite: true);
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            AgentLog.Warn($"could not rename {from} to {to}: {error.Message}");
            return false;
        }
    }
}

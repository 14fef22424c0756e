using System.Diagnostics;
using System.Globalization;
using Instr.Agent.Hosting;
using Instr.Agent.Logging;
using Instr.Agent.Metrics;
using Instr.Agent.Security;
using Instr.Agent.Security.Interop;
using Instr.Agent.Services;
using Instr.Shared;
using Microsoft.AspNetCore.Builder;

namespace Instr.Agent;

/// <summary>
/// Called by the bootstrap (Instr.StartupHook) by reflection, on its background thread, inside the agent's own load
/// context. Returns when the socket is listening; throws (message = the one-line reason) when the agent cannot start.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class AgentEntry
{
    private static int s_started;

    /// <summary>
    /// Called by the bootstrap on the app's startup thread, before Main, when INSTR_PATCH or INSTR_REPORT is set:
    /// registers the exit report and applies the startup patches now, so a short-lived app cannot finish before they
    /// are in place. The host's own start later finds both already done (they run once per process).
    /// </summary>
    public static void StartEnvironmentFeatures()
    {
        ServedRuntimeCheck.Ensure();
        var engine = new EngineAccess();
        ExitReport.RegisterOnce(engine, Environment.ProcessId);
        StartupPatches.ApplyOnce(engine);
    }

    public static void Start(string agentDirectory)
    {
        if (Interlocked.Exchange(ref s_started, 1) != 0)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        ServedRuntimeCheck.Ensure();
        // The engine's JIT hook records every compile from now on: generic instantiations and callers' code sizes
        // compiled before it exists cannot be found later, so it starts first, before the host.
        new EngineAccess().TryGet(out var engineUnavailable);
        AgentLog.Info(string.Create(CultureInfo.InvariantCulture,
            $"patch engine {(engineUnavailable is null ? "ready" : engineUnavailable)} after {clock.ElapsedMilliseconds} ms"));
        var pid = Environment.ProcessId;
        var startTime = AgentSocketPaths.ReadStartTime(pid) ?? throw new AgentStartException($"cannot read /proc/{pid}/stat");
        var directory = AgentSocketPaths.Directory();
        var socket = new SocketPublication(AgentSocketPath.For(directory, pid, startTime));
        SocketDirectory.Prepare(directory);
        socket.RemoveStale();

        var lifetime = new AgentLifetime();
        var options = new AgentHostOptions(socket.BindingPath, LibC.GetEffectiveUid(), TcpAccess.FromEnvironment());
        WebApplication host;
        try
        {
            var identity = new AgentIdentity(pid, startTime, socket.SocketPath);
            host = StartHost(options, identity, lifetime, agentDirectory, socket);
            socket.Publish();
        }
        catch (Exception error)
        {
            socket.Discard();
            throw error is AgentStartException ? error : new AgentStartException($"cannot listen on {socket.SocketPath}: {error.Message}", error);
        }

        ExitCleanup.Register(host, socket.SocketPath, lifetime);
        socket.HandOver();
        MetricsExport.Start(new EngineAccess(), agentDirectory);
        AgentLog.Info(string.Create(CultureInfo.InvariantCulture,
            $"listening on {socket.SocketPath} after {clock.ElapsedMilliseconds} ms"));
    }

    /// <summary>
    /// Starts the host; when the optional TCP port cannot be bound (in use, not permitted), the agent still serves
    /// its Unix socket and the log says why TCP is off: TCP is an extra, the socket is the product.
    /// </summary>
    private static WebApplication StartHost(AgentHostOptions options, AgentIdentity identity, AgentLifetime lifetime, string agentDirectory, SocketPublication socket)
    {
        if (options.Tcp is null)
        {
            return AgentHost.Start(options, identity, lifetime, agentDirectory);
        }

        try
        {
            var host = AgentHost.Start(options, identity, lifetime, agentDirectory);
            AgentLog.Info(string.Create(CultureInfo.InvariantCulture, $"also listening on 127.0.0.1:{options.Tcp.Port} (bearer token required)"));
            return host;
        }
        catch (IOException error)
        {
            AgentLog.Warn(string.Create(CultureInfo.InvariantCulture, $"TCP not started: cannot listen on 127.0.0.1:{options.Tcp.Port}: {error.Message}"));
            socket.Discard();
            return AgentHost.Start(options with { Tcp = null }, identity, lifetime, agentDirectory);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Instr.Agent.Hosting;
using Instr.Agent.Logging;
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
        var pid = Environment.ProcessId;
        var startTime = AgentSocketPaths.ReadStartTime(pid) ?? 0;
        var socketPath = Path.Combine(AgentSocketPaths.Directory(), AgentSocketPaths.FileName(pid, startTime));
        var engine = new EngineAccess();
        ExitReport.RegisterOnce(engine, new AgentIdentity(pid, startTime, socketPath));
        StartupPatches.ApplyOnce(engine);
    }

    public static void Start(string agentDirectory)
    {
        if (Interlocked.Exchange(ref s_started, 1) != 0)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
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
            host = AgentHost.Start(options, new AgentIdentity(pid, startTime, socket.SocketPath), lifetime, agentDirectory);
            socket.Publish();
        }
        catch (Exception error)
        {
            socket.Discard();
            throw error is AgentStartException ? error : new AgentStartException($"cannot listen on {socket.SocketPath}: {error.Message}", error);
        }

        ExitCleanup.Register(host, socket.SocketPath, lifetime);
        socket.HandOver();
        AgentLog.Info(string.Create(CultureInfo.InvariantCulture,
            $"listening on {socket.SocketPath}{(options.Tcp is { } tcp ? $" and 127.0.0.1:{tcp.Port}" : "")} after {clock.ElapsedMilliseconds} ms"));
    }
}

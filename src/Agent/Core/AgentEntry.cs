using System.Diagnostics;
using System.Globalization;
using Instr.Agent.Hosting;
using Instr.Agent.Logging;
using Instr.Agent.Security;
using Instr.Agent.Security.Interop;
using Instr.Shared;

namespace Instr.Agent;

/// <summary>
/// Called by the bootstrap (Instr.StartupHook) by reflection, on its background thread, inside the agent's own load
/// context. Returns when the socket is listening; throws (message = the one-line reason) when the agent cannot start.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class AgentEntry
{
    private static int s_started;

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
        var socketPath = AgentSocketPath.For(directory, pid, startTime);
        SocketDirectory.Prepare(directory);

        // Same pid and start time = this very process: whatever is there is stale (e.g. an agent host that died).
        var bindingPath = AgentSocketPath.BindingPathOf(socketPath);
        foreach (var stale in new[] { socketPath, bindingPath })
        {
            if (LibC.LStat(stale) is not null)
            {
                AgentLog.Warn($"deleting stale {stale}");
                ExitCleanup.DeleteSocket(stale);
            }
        }

        // If the app exits while the host is still starting, leave no socket behind (ExitCleanup takes over after).
        EventHandler deleteIfStarting = (_, _) =>
        {
            ExitCleanup.DeleteSocket(bindingPath);
            ExitCleanup.DeleteSocket(socketPath);
        };
        AppDomain.CurrentDomain.ProcessExit += deleteIfStarting;

        var lifetime = new AgentLifetime();
        var options = new AgentHostOptions(bindingPath, LibC.GetEffectiveUid(), TcpAccess.FromEnvironment());
        Microsoft.AspNetCore.Builder.WebApplication host;
        try
        {
            host = AgentHost.Start(options, new AgentIdentity(pid, startTime, socketPath), lifetime, agentDirectory);
            // Kestrel creates the socket per umask (0755 at 022): tighten it under the hidden name, then publish it
            // with an atomic rename, so a client never sees a socket with other permissions than 0600.
            File.SetUnixFileMode(bindingPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(bindingPath, socketPath, overwrite: true);
        }
        catch (Exception error)
        {
            ExitCleanup.DeleteSocket(bindingPath);
            ExitCleanup.DeleteSocket(socketPath);
            throw error is AgentStartException ? error : new AgentStartException($"cannot listen on {socketPath}: {error.Message}", error);
        }

        ExitCleanup.Register(host, socketPath, lifetime);
        AppDomain.CurrentDomain.ProcessExit -= deleteIfStarting;
        AgentLog.Info(string.Create(CultureInfo.InvariantCulture,
            $"listening on {socketPath}{(options.Tcp is { } tcp ? $" and 127.0.0.1:{tcp.Port}" : "")} after {clock.ElapsedMilliseconds} ms"));
    }
}

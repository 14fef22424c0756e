using Instr.Agent.Logging;
using Instr.Agent.Security.Interop;

namespace Instr.Agent.Hosting;

/// <summary>
/// The life of the socket file. Kestrel binds a hidden twin (".instr-…", ignored by discovery); once listening it is
/// made 0600 and renamed to the discoverable name in one atomic step, so no client ever sees it with the umask's
/// permissions or before it accepts. Until <see cref="Publish"/> a ProcessExit handler removes both names, so an
/// app that exits while the agent is still starting leaves nothing behind.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SocketPublication
{
    private readonly EventHandler _deleteIfStarting;

    public SocketPublication(string socketPath)
    {
        SocketPath = socketPath;
        BindingPath = AgentSocketPath.BindingPathOf(socketPath);
        _deleteIfStarting = (_, _) => Discard();
    }

    public string SocketPath { get; }

    /// <summary>Where Kestrel listens until <see cref="Publish"/>.</summary>
    public string BindingPath { get; }

    /// <summary>Removes leftovers of this very process (same pid and start time: they cannot be anyone else's).</summary>
    public void RemoveStale()
    {
        foreach (var stale in new[] { SocketPath, BindingPath })
        {
            if (LibC.LStat(stale) is not null)
            {
                AgentLog.Warn($"deleting stale {stale}");
                ExitCleanup.DeleteSocket(stale);
            }
        }

        AppDomain.CurrentDomain.ProcessExit += _deleteIfStarting;
    }

    /// <summary>0600, then the atomic rename to the name clients discover.</summary>
    public void Publish()
    {
        File.SetUnixFileMode(BindingPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(BindingPath, SocketPath, overwrite: true);
    }

    /// <summary>Called once ExitCleanup owns the socket.</summary>
    public void HandOver() => AppDomain.CurrentDomain.ProcessExit -= _deleteIfStarting;

    public void Discard()
    {
        ExitCleanup.DeleteSocket(BindingPath);
        ExitCleanup.DeleteSocket(SocketPath);
    }
}

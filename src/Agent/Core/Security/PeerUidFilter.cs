using System.Globalization;
using Instr.Agent.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Instr.Agent.Security;

/// <summary>
/// Kestrel connection middleware on the Unix socket: only processes of this process's own uid may talk to the agent.
/// The 0700 directory and the 0600 socket already keep others out; this is the second layer for when those
/// permissions were opened (by mistake or on purpose). Other peers are closed before a single byte is read.
/// </summary>
internal static class PeerUidFilter
{
    public static Func<ConnectionDelegate, ConnectionDelegate> For(uint allowedUid) => next => connection =>
    {
        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        var peer = socket is null ? null : PeerCredentials.PeerUid(socket);
        if (peer == allowedUid)
        {
            return next(connection);
        }

        AgentLog.Warn(string.Create(CultureInfo.InvariantCulture,
            $"refused a connection from uid {(peer is null ? "unknown" : peer.Value.ToString(CultureInfo.InvariantCulture))}: only uid {allowedUid} may connect"));
        connection.Abort(new ConnectionAbortedException("peer uid not allowed"));
        return Task.CompletedTask;
    };
}

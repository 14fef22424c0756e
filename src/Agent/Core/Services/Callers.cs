using Grpc.Core;
using Instr.Agent.Security;
using Microsoft.AspNetCore.Connections.Features;

namespace Instr.Agent.Services;

/// <summary>Who is calling: the uid of the process at the other end of the connection, for the audit trail.</summary>
internal static class Callers
{
    /// <summary>Not known: a TCP client (it proved the token, not a uid) or a call made inside the agent.</summary>
    public const long Unknown = -1;

    public static long UidOf(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var socket = http.Features.Get<IConnectionSocketFeature>()?.Socket;
        var peer = socket is null ? null : PeerCredentials.PeerUid(socket);
        return peer is { } uid ? uid : Unknown;
    }
}

using System.Buffers.Binary;
using System.Net.Sockets;

namespace Instr.Agent.Security;

/// <summary>The uid of the process at the other end of a Unix socket, as the kernel reports it (SO_PEERCRED).</summary>
internal static class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>The peer's uid, or null when the socket cannot tell (not a Unix socket, already closed).</summary>
    public static uint? PeerUid(Socket socket)
    {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            return socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) == ucred.Length
                ? BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..])
                : null;
        }
        catch (SocketException)
        {
            return null;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }
}

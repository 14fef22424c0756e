using System.Buffers.Binary;
using System.Net.Sockets;

namespace Instr.Agent.Security;

/// <summary>The uid of the process at the other end of a Unix socket, as the kernel reports it (SO_PEERCRED).</summary>
internal static class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>(uid_t)-1: what the kernel reports for a socket without credentials (e.g. TCP).</summary>
    private const uint NoUid = uint.MaxValue;

    /// <summary>The peer's uid, or null when the socket cannot tell (not a Unix socket, already closed).</summary>
    public static uint? PeerUid(Socket socket)
    {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) != ucred.Length)
            {
                return null;
            }

            var uid = BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]);
            return uid == NoUid ? null : uid;
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

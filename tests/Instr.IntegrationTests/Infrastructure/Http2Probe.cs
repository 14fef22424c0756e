using System.Net.Sockets;

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// The smallest honest "does an HTTP/2 server answer me on this Unix socket?" check, independent of any gRPC code:
/// connect, send the client preface and an empty SETTINGS frame, and see whether a SETTINGS frame comes back.
/// Linked into tests/apps/ConnectProbe so the same check runs as another OS user.
/// </summary>
public static class Http2Probe
{
    /// <summary>The server sent its SETTINGS frame.</summary>
    public const string Answered = "answered";

    /// <summary>Connected, but the server closed the connection without answering (e.g. the peer-uid check).</summary>
    public const string Closed = "closed";

    /// <summary>"connect: {SocketError}" — e.g. AccessDenied when the directory or socket permissions keep us out.</summary>
    public const string ConnectFailedPrefix = "connect: ";

    private static readonly byte[] ClientPreface =
    [
        .. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8,
        0, 0, 0, 4, 0, 0, 0, 0, 0, // SETTINGS frame, no parameters
    ];

    public static async Task<string> ProbeAsync(string socketPath, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token);
        }
        catch (SocketException e)
        {
            return ConnectFailedPrefix + e.SocketErrorCode;
        }

        try
        {
            await socket.SendAsync(ClientPreface, SocketFlags.None, cts.Token);
            var header = new byte[9];
            var read = 0;
            while (read < header.Length)
            {
                var n = await socket.ReceiveAsync(header.AsMemory(read), SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    return Closed;
                }

                read += n;
            }

            // Frame header: length (3 bytes), type (1 byte: 4 = SETTINGS), flags, stream id.
            return header[3] == 4 ? Answered : $"unexpected frame type {header[3]}";
        }
        catch (SocketException)
        {
            return Closed; // reset by the server
        }
        catch (OperationCanceledException)
        {
            return "no answer within " + timeout.TotalSeconds + " s";
        }
    }
}

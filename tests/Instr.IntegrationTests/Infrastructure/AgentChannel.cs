using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Instr.Protocol.V1;

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>A raw gRPC client on an agent's Unix socket, independent of the CLI's own transport code.</summary>
public sealed class AgentChannel : IDisposable
{
    private readonly GrpcChannel _channel;

    public AgentChannel(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // The CLI's own limit: a full `list --all` is larger than gRPC's default 4 MB.
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true, MaxReceiveMessageSize = 256 * 1024 * 1024 });
        Client = new Instrumentation.InstrumentationClient(_channel);
    }

    public string SocketPath { get; }

    public Instrumentation.InstrumentationClient Client { get; }

    /// <summary>The channel itself, for the standard services on the same socket (health, reflection).</summary>
    public GrpcChannel Channel => _channel;

    /// <summary>
    /// Calls GetProcessInfo with a deadline. Returns the reply, or null when the server answered with a gRPC status
    /// (e.g. UNIMPLEMENTED while the RPC is not built yet); throws when no gRPC server answered at all.
    /// </summary>
    public async Task<(ProcessInfo? Info, StatusCode Status)> GetProcessInfoAsync(TimeSpan? timeout = null)
    {
        try
        {
            var info = await Client.GetProcessInfoAsync(new GetProcessInfoRequest(), deadline: DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20)));
            return (info, StatusCode.OK);
        }
        catch (RpcException e) when (e.StatusCode is not (StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded or StatusCode.Unknown))
        {
            return (null, e.StatusCode);
        }
    }

    public void Dispose() => _channel.Dispose();
}

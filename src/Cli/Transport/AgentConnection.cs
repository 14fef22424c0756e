using System.Net.Sockets;
using Grpc.Net.Client;
using Instr.Protocol.V1;

namespace Instr.Cli.Transport;

/// <summary>
/// A gRPC channel to one agent over its Unix socket (HTTP/2 without TLS; the "http://localhost" address is only
/// a placeholder, every connection goes through <see cref="SocketsHttpHandler.ConnectCallback"/>).
/// Obtain one with <see cref="AgentLocator.Connect"/>, which picks the agent and explains failures.
/// </summary>
internal sealed class AgentConnection : IDisposable
{
    private AgentConnection(AgentEndpoint endpoint, GrpcChannel channel)
    {
        Endpoint = endpoint;
        Channel = channel;
        Client = new Instrumentation.InstrumentationClient(channel);
    }

    public AgentEndpoint Endpoint { get; }

    public int Pid => Endpoint.Pid;

    public string SocketPath => Endpoint.SocketPath;

    public GrpcChannel Channel { get; }

    public Instrumentation.InstrumentationClient Client { get; }

    public static AgentConnection Open(AgentEndpoint endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, ct) => ConnectAsync(endpoint.SocketPath, ct),
            // A dashboard or watch keeps one connection for a long time; keep it alive across idle periods.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        };
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // Large method lists (list --all) exceed the 4 MB default.
            MaxReceiveMessageSize = 256 * 1024 * 1024,
        });
        return new AgentConnection(endpoint, channel);
    }

    /// <summary>Opens a raw connection to the socket: used to diagnose EACCES/ECONNREFUSED before any RPC.</summary>
    public static async ValueTask<Stream> ConnectAsync(string socketPath, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => Channel.Dispose();
}

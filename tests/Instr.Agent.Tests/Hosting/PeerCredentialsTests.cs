using System.Net;
using System.Net.Sockets;
using Instr.Agent.Security;

namespace Instr.Agent.Tests.Hosting;

public sealed class PeerCredentialsTests
{
    [Fact]
    public async Task Unix_socket_peer_uid_is_this_process_uid()
    {
        var path = Path.Combine(Path.GetTempPath(), $"instr-peer-{Guid.NewGuid():N}.sock");
        using var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));
        server.Listen();
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
        using var accepted = await server.AcceptAsync();
        File.Delete(path);

        Assert.Equal(Instr.Shared.AgentSocketPaths.CurrentUid(), PeerCredentials.PeerUid(accepted));
        Assert.Equal(Instr.Shared.AgentSocketPaths.CurrentUid(), PeerCredentials.PeerUid(client));
    }

    [Fact]
    public async Task A_TCP_socket_has_no_peer_uid()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptSocketAsync();

        Assert.Null(PeerCredentials.PeerUid(accepted));
    }
}

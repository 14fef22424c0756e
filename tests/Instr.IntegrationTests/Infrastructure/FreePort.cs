using System.Net;
using System.Net.Sockets;

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>A loopback TCP port that was free a moment ago (the OS picks it).</summary>
public static class FreePort
{
    public static int Loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

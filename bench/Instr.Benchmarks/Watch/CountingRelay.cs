using System.Net.Sockets;

namespace Instr.Benchmarks.Watch;

/// <summary>
/// Measures what a watch costs on the wire: a Unix socket in a directory of its own, under the agent socket's exact
/// file name, that forwards every connection to the agent's real socket and counts the bytes the agent sends back
/// (HTTP/2 frames, gRPC framing and protobuf: everything the client receives). A CLI whose XDG_RUNTIME_DIR is
/// <see cref="RuntimeDirectory"/> finds the relay as the app's agent.
/// </summary>
internal sealed class CountingRelay : IDisposable
{
    private readonly Socket _listener;
    private readonly string _target;
    private readonly CancellationTokenSource _stop = new();
    private long _agentToClient;

    public CountingRelay(string agentSocket, string root)
    {
        _target = agentSocket;
        RuntimeDirectory = Path.Combine(root, "relay");
        var directory = Directory.CreateDirectory(Path.Combine(RuntimeDirectory, "instr")).FullName;
        // The CLI trusts only a private directory and socket, as the agent makes them.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the relay uses Unix sockets with Unix permissions");
        }

        File.SetUnixFileMode(RuntimeDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Path.Combine(directory, Path.GetFileName(agentSocket));
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen();
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>The XDG_RUNTIME_DIR under which the CLI finds the relay.</summary>
    public string RuntimeDirectory { get; }

    /// <summary>Bytes the agent has sent to clients through the relay so far.</summary>
    public long AgentToClientBytes => Interlocked.Read(ref _agentToClient);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var agent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using (client)
        {
            try
            {
                await agent.ConnectAsync(new UnixDomainSocketEndPoint(_target), _stop.Token).ConfigureAwait(false);
                var up = CopyAsync(client, agent, counted: false);
                var down = CopyAsync(agent, client, counted: true);
                await Task.WhenAny(up, down).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task CopyAsync(Socket from, Socket to, bool counted)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                if (counted)
                {
                    Interlocked.Add(ref _agentToClient, read);
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}

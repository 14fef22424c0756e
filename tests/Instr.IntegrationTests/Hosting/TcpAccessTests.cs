using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Instr.IntegrationTests.Infrastructure;
using Instr.Protocol.V1;

namespace Instr.IntegrationTests.Hosting;

/// <summary>Optional TCP (INSTR_TCP_PORT): loopback only, and only with the INSTR_TOKEN bearer token.</summary>
public sealed class TcpAccessTests
{
    private const string Token = "s3cret-token-for-the-test";

    [Fact]
    public async Task TCP_answers_only_with_the_right_bearer_token()
    {
        using var sandbox = new TestSandbox();
        var port = FreePort.Loopback();
        sandbox.ExtraEnvironment["INSTR_TCP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        sandbox.ExtraEnvironment["INSTR_TOKEN"] = Token;

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true, whileRunning: async (app, _) =>
        {
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            var client = new Instrumentation.InstrumentationClient(channel);

            var info = await client.GetProcessInfoAsync(new GetProcessInfoRequest(), Bearer(Token), DateTime.UtcNow.AddSeconds(20));
            Assert.Equal(app.Pid, info.Pid);

            var noToken = await Assert.ThrowsAsync<RpcException>(async () => await client.GetProcessInfoAsync(new GetProcessInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(20)));
            Assert.Equal(StatusCode.Unauthenticated, noToken.StatusCode);
            var wrongToken = await Assert.ThrowsAsync<RpcException>(async () => await client.GetProcessInfoAsync(new GetProcessInfoRequest(), Bearer(Token + "x"), DateTime.UtcNow.AddSeconds(20)));
            Assert.Equal(StatusCode.Unauthenticated, wrongToken.StatusCode);
        });

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task TCP_port_without_a_token_opens_no_TCP_listener_but_the_socket_works()
    {
        using var sandbox = new TestSandbox();
        var port = FreePort.Loopback();
        var log = Path.Combine(sandbox.Root, "agent.log");
        sandbox.ExtraEnvironment["INSTR_TCP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true, whileRunning: async (app, socket) =>
        {
            await AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket);
            using var tcp = new TcpClient();
            var refused = await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync(IPAddress.Loopback, port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("INSTR_TOKEN is empty; TCP not started", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TCP_port_in_use_leaves_the_socket_working_and_says_why_in_the_log()
    {
        using var sandbox = new TestSandbox();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var log = Path.Combine(sandbox.Root, "agent.log");
        sandbox.ExtraEnvironment["INSTR_TCP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        sandbox.ExtraEnvironment["INSTR_TOKEN"] = Token;
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;
        var baseline = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: false);

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true,
            whileRunning: (app, socket) => AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket));

        UnchangedByAgentTests.AssertSameRun(baseline, run);
        Assert.Contains($"TCP not started: cannot listen on 127.0.0.1:{port}", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TCP_listens_on_loopback_only_and_is_unreachable_on_the_machine_s_other_addresses()
    {
        using var sandbox = new TestSandbox();
        var port = FreePort.Loopback();
        sandbox.ExtraEnvironment["INSTR_TCP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        sandbox.ExtraEnvironment["INSTR_TOKEN"] = Token;

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true, whileRunning: async (app, _) =>
        {
            // What the kernel says is listening on the port: 127.0.0.1 and nothing else (no 0.0.0.0, no IPv6 any).
            var listeners = ListeningAddresses(port);
            Assert.Equal(["0100007F"], listeners);
            foreach (var address in NonLoopbackAddresses())
            {
                using var tcp = new TcpClient(address.AddressFamily);
                var refused = await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync(address, port));
                Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
            }

            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            var info = await new Instrumentation.InstrumentationClient(channel).GetProcessInfoAsync(new GetProcessInfoRequest(), Bearer(Token), DateTime.UtcNow.AddSeconds(20));
            Assert.Equal(app.Pid, info.Pid);
        });

        Assert.Equal(0, run.ExitCode);
    }

    [Theory]
    [InlineData("0.0.0.0:{0}")]
    [InlineData("[::]:{0}")]
    [InlineData("192.168.0.1:{0}")]
    public async Task TCP_on_any_address_but_loopback_is_refused_and_the_socket_still_works(string format)
    {
        using var sandbox = new TestSandbox();
        var port = FreePort.Loopback();
        var value = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, port);
        var log = Path.Combine(sandbox.Root, "agent.log");
        sandbox.ExtraEnvironment["INSTR_TCP_PORT"] = value;
        sandbox.ExtraEnvironment["INSTR_TOKEN"] = Token;
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true, whileRunning: async (app, socket) =>
        {
            await AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket);
            Assert.Empty(ListeningAddresses(port));
        });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"INSTR_TCP_PORT={value} is not a port number (1-65535); TCP not started", File.ReadAllText(log), StringComparison.Ordinal);
    }

    /// <summary>The local addresses (hex, as /proc/net/tcp{,6} writes them) of every socket listening on <paramref name="port"/>.</summary>
    private static List<string> ListeningAddresses(int port)
    {
        const string Listen = "0A";
        var hexPort = port.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        return [.. new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 3 && fields[3] == Listen && fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal))
            .Select(fields => fields[1][..fields[1].IndexOf(':', StringComparison.Ordinal)])];
    }

    private static IEnumerable<IPAddress> NonLoopbackAddresses() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => !IPAddress.IsLoopback(a) && a.AddressFamily == AddressFamily.InterNetwork);

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}

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

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}

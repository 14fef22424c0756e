using System.Net;
using System.Net.Sockets;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>
/// An ASP.NET Core app with its own appsettings.json endpoint: with the agent it still binds and serves its own
/// endpoint (the agent read none of its configuration), prints exactly the same, stops the same way, and its own
/// metrics and activities do not count the agent's gRPC requests.
/// </summary>
public sealed class MinimalApiAppTests
{
    [Fact]
    public async Task Web_app_serves_its_own_endpoint_and_prints_the_same_with_the_agent()
    {
        using var sandbox = new TestSandbox();
        var port = FreePort.Loopback();
        // The usual ASP.NET override of the appsettings.json endpoint: the agent must not pick this up either.
        sandbox.ExtraEnvironment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}";

        var baseline = await RunAsync(sandbox, port, withAgent: false);
        var withAgent = await RunAsync(sandbox, port, withAgent: true);

        Assert.Equal("MinimalApiApp: hello from MinimalApiApp's appsettings.json", baseline.Response);
        Assert.Equal(baseline.Response, withAgent.Response);
        Assert.Equal("requests measured: 1, activities: 1", baseline.Telemetry);
        Assert.Equal(baseline.Telemetry, withAgent.Telemetry);
        Assert.Contains($"Now listening on: http://127.0.0.1:{port}", baseline.Run.StandardOutput, StringComparison.Ordinal);
        UnchangedByAgentTests.AssertSameRun(baseline.Run, withAgent.Run);
    }

    private static async Task<(AppRun Run, string Response, string Telemetry)> RunAsync(TestSandbox sandbox, int port, bool withAgent)
    {
        var dll = RepoLayout.TestApp("MinimalApiApp");
        // Working directory = the app's directory, as when a user starts it there: the content root with appsettings.json.
        var app = sandbox.Start(RepoLayout.DotnetHost, [dll], withAgent, workingDirectory: Path.GetDirectoryName(dll));
        await app.WaitForOutputAsync("MinimalApiApp: ready");
        string? socket = null;
        if (withAgent)
        {
            socket = await sandbox.WaitForAgentSocketAsync(app);
            await AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket);
        }

        using var http = new HttpClient();
        var response = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"));
        if (socket is not null)
        {
            using var channel = new AgentChannel(socket);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(Grpc.Core.StatusCode.OK, (await channel.GetProcessInfoAsync()).Status);
            }
        }

        var telemetry = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/telemetry"));

        Assert.True(app.Signal(Signals.SigTerm));
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (socket is not null)
        {
            Assert.False(File.Exists(socket), $"socket {socket} still there after the web app stopped");
        }

        return (new AppRun(exitCode, app.StandardOutputBytes, app.StandardOutput, app.StandardError, socket), response, telemetry);
    }
}

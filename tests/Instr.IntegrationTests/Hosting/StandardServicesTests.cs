using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Instr.IntegrationTests.Cli;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>
/// The agent's socket also answers the standard gRPC health-checking and server-reflection services, so generic
/// tools (grpcurl, grpc_health_probe, a Kubernetes probe through a sidecar) can find out what it serves.
/// </summary>
public sealed class StandardServicesTests
{
    [Fact]
    public async Task The_agent_socket_answers_health_checks_and_lists_its_services_by_reflection()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: true);
        using var channel = new AgentChannel(AgentSockets.Find(sandbox.SocketDirectory, app.Pid)!);

        var health = await new Health.HealthClient(channel.Channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        using var reflection = new ServerReflection.ServerReflectionClient(channel.Channel).ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(20));
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToArray();

        Assert.Contains("instr.v1.Instrumentation", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.False(app.HasExited);
    }
}

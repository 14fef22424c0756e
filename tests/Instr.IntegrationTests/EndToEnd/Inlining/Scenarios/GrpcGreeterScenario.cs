using Grpc.Core;
using Grpc.Net.Client;
using Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;

namespace Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

/// <summary>
/// `dotnet new grpc`, unedited, over h2c. Per round: one unary greet.Greeter/SayHello call from a real Grpc.Net.Client
/// channel; the server creates a GreeterService per call and invokes SayHello through a delegate it builds at run time.
/// </summary>
internal sealed class GrpcGreeterScenario : WebScenario
{
    private const string Name = "instr-e2e";
    private static readonly Marshaller<byte[]> RawBytes = Marshallers.Create(bytes => bytes, bytes => bytes);
    private static readonly Method<byte[], byte[]> SayHello = new(MethodType.Unary, "greet.Greeter", "SayHello", RawBytes, RawBytes);
    private static readonly byte[] Request = GreeterMessages.StringField1(Name);
    private static readonly byte[] ExpectedReply = GreeterMessages.StringField1("Hello " + Name);
    private GrpcChannel? _channel;

    public override TemplateAppRecipe Recipe => TemplateAppRecipes.Grpc;

    // The template's appsettings.json says the same; set here too so the test does not depend on it.
    public override IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["Kestrel__EndpointDefaults__Protocols"] = "Http2",
    };

    public override void Connect(WebAppProcess app) => _channel = GrpcChannel.ForAddress(app.BaseAddress);

    public override async Task RoundAsync()
    {
        var reply = await _channel!.CreateCallInvoker().AsyncUnaryCall(SayHello, null, new CallOptions(), Request);
        if (!reply.SequenceEqual(ExpectedReply))
        {
            throw new Xunit.Sdk.XunitException($"SayHello replied {Convert.ToHexString(reply)}, expected {Convert.ToHexString(ExpectedReply)}");
        }
    }

    public override async Task<IReadOnlyList<ExpectedCalls>> TargetsAsync(InstrCommands instr)
    {
        const string Service = "TemplateGrpc.Services.GreeterService";
        var constructor = Assert.Single(await instr.ListAsync(Service + ":.ctor"));
        return
        [
            new(Service + ":SayHello(TemplateGrpc.HelloRequest, Grpc.Core.ServerCallContext)", 1, "the service method, once per call"),
            new(constructor, 1, "Grpc.AspNetCore creates one service instance per call"),
        ];
    }

    public override ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        return ValueTask.CompletedTask;
    }
}

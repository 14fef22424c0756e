using Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

namespace Instr.IntegrationTests.EndToEnd.Inlining;

/// <summary>
/// Patching a running, warmed-up app — the way people use instr. By then the JIT has inlined the small user methods
/// into their callers, above all into the delegates minimal APIs, MVC, gRPC and System.Text.Json compile at run time;
/// the counts must still equal the calls exactly.
/// </summary>
[Collection(EndToEndCollection.SecondLane)]
[Trait("Issue", "7")]
public sealed class PatchedAfterWarmUpTests
{
    [Fact]
    public Task Minimal_api_handlers_getters_and_constructor_count_every_request() =>
        InliningRun.RunAsync(new MinimalApiScenario(), PatchMoment.AfterWarmUp);

    [Fact]
    public Task Mvc_action_controller_model_getters_and_constructor_count_every_request() =>
        InliningRun.RunAsync(new ControllersScenario(), PatchMoment.AfterWarmUp);

    [Fact]
    public Task Grpc_service_method_and_constructor_count_every_call() =>
        InliningRun.RunAsync(new GrpcGreeterScenario(), PatchMoment.AfterWarmUp);
}

using Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

namespace Instr.IntegrationTests.EndToEnd.Inlining;

/// <summary>
/// The control for <see cref="PatchedAfterWarmUpTests"/>: the same apps, methods and expected multiplicities, patched
/// before the first request (so nothing was inlined yet) and counted through warm-up and beyond. When this passes
/// and the warmed-up case does not, the difference is what the JIT did before the patch, not the test's arithmetic.
/// </summary>
[Collection(EndToEndCollection.SecondLane)]
public sealed class PatchedBeforeFirstRequestTests
{
    [Fact]
    public Task Minimal_api_counts_are_exact_when_patched_before_the_first_request() =>
        InliningRun.RunAsync(new MinimalApiScenario(), PatchMoment.BeforeFirstRequest);

    [Fact]
    public Task Mvc_counts_are_exact_when_patched_before_the_first_request() =>
        InliningRun.RunAsync(new ControllersScenario(), PatchMoment.BeforeFirstRequest);

    [Fact]
    public Task Grpc_counts_are_exact_when_patched_before_the_first_call() =>
        InliningRun.RunAsync(new GrpcGreeterScenario(), PatchMoment.BeforeFirstRequest);
}

using Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

namespace Instr.IntegrationTests.EndToEnd.Inlining;

/// <summary>
/// Apps that already run another CLR profiler (tests/apps/NullProfiler, loaded by the runtime at startup, as an APM
/// agent would be): instr cannot load a profiler of its own there, yet the app must keep running and the counts after
/// warm-up must be exact.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait("Issue", "7")]
public sealed class OtherProfilerTests
{
    [Fact]
    public Task Minimal_api_with_another_profiler_counts_every_request() =>
        InliningRun.RunAsync(new MinimalApiScenario(), PatchMoment.AfterWarmUp, withOtherProfiler: true);

    [Fact]
    public Task Mvc_with_another_profiler_counts_every_request() =>
        InliningRun.RunAsync(new ControllersScenario(), PatchMoment.AfterWarmUp, withOtherProfiler: true);
}

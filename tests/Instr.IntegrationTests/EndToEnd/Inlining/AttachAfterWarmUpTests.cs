using Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

namespace Instr.IntegrationTests.EndToEnd.Inlining;

/// <summary>
/// An app started without instr, warmed up, then `instr attach PID`: the engine's JIT hook arrives after every inline
/// decision was already made, and the counts must still be exact.
/// </summary>
[Collection(EndToEndCollection.SecondLane)]
[Trait("Issue", "7")]
public sealed class AttachAfterWarmUpTests
{
    [Fact]
    public Task Minimal_api_attached_after_warm_up_counts_every_request() =>
        InliningRun.RunAsync(new MinimalApiScenario(), PatchMoment.AfterWarmUp, AgentArrival.Attach);
}

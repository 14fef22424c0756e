using Instr.Agent.Counters;
using Instr.Patching;
using EngineCoverage = Instr.Patching.Coverage;
using EnginePatchStatus = Instr.Patching.PatchStatus;
using PatchStatus = Instr.Agent.Counters.PatchStatus;
using EngineCoverageState = Instr.Patching.CoverageState;
using WireCoverage = Instr.Protocol.V1.Coverage;
using PatchState = Instr.Protocol.V1.PatchState;

namespace Instr.Agent.Tests.Counters;

/// <summary>The engine's coverage on the wire and in the status column: from the data, never from note wording.</summary>
public sealed class CoverageWireTests
{
    [Fact]
    public void Complete_coverage_has_no_reason()
    {
        Assert.Equal((WireCoverage.Complete, string.Empty), CoverageWire.Of(EngineCoverage.Complete));
    }

    [Fact]
    public void Partial_coverage_carries_its_reason()
    {
        var reason = "inlined into 1 already-compiled caller (N.T:Caller()): their calls are not counted";
        Assert.Equal((WireCoverage.Partial, reason), CoverageWire.Of(EngineCoverage.Partial(reason)));
    }

    [Fact]
    public void Partial_coverage_without_a_reason_still_says_something()
    {
        Assert.Equal((WireCoverage.Partial, CoverageWire.UnexplainedPartial), CoverageWire.Of(new EngineCoverage(EngineCoverageState.Partial, null)));
    }

    [Fact]
    public void Status_follows_activity_and_coverage_only()
    {
        Assert.Equal((PatchState.Patched, "patched"), Wire(isActive: true, EngineCoverage.Complete));
        Assert.Equal((PatchState.Partial, "patched, partial coverage"), Wire(isActive: true, EngineCoverage.Partial("shared generic code, inlined into, body too short")));
        Assert.Equal((PatchState.Unpatched, "unpatched"), Wire(isActive: false, EngineCoverage.Partial("x")));
        Assert.Equal((PatchState.Unpatched, "unpatched"), Wire(isActive: false, EngineCoverage.Complete));
    }

    [Fact]
    public void Partial_status_carries_the_coverage_reason()
    {
        Assert.Equal(new PatchStatusReading(EnginePatchStatus.PartiallyCovered, "inlined into X"), PatchStatusReading.Of(true, EngineCoverage.Partial("inlined into X")));
        Assert.Equal(new PatchStatusReading(EnginePatchStatus.Patched, null), PatchStatusReading.Of(true, EngineCoverage.Complete));
    }

    private static (PatchState, string) Wire(bool isActive, EngineCoverage coverage) =>
        PatchStatus.Of(PatchStatusReading.Of(isActive, coverage).Status);
}

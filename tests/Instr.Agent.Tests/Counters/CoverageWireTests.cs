using Instr.Agent.Counters;
using EngineCoverage = Instr.Patching.Coverage;
using EngineCoverageState = Instr.Patching.CoverageState;
using WireCoverage = Instr.Protocol.V1.Coverage;

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
        Assert.Equal("patched", PatchStatus.Of(isActive: true, EngineCoverage.Complete));
        Assert.Equal("patched, partial coverage", PatchStatus.Of(isActive: true, EngineCoverage.Partial("shared generic code, inlined into, body too short")));
        Assert.Equal("unpatched", PatchStatus.Of(isActive: false, EngineCoverage.Partial("x")));
        Assert.Equal("unpatched", PatchStatus.Of(isActive: false, EngineCoverage.Complete));
    }
}

using Instr.Agent.Counters;
using EngineProbe = Instr.Patching.ProbeKind;
using WireProbe = Instr.Protocol.V1.ProbeKind;

namespace Instr.Agent.Tests.Counters;

/// <summary>Probe kinds between the wire and the engine: every kind maps to itself, none silently becomes count.</summary>
public sealed class ProbeWireTests
{
    [Fact]
    public void Every_engine_kind_has_a_wire_kind_and_back()
    {
        foreach (var kind in Enum.GetValues<EngineProbe>())
        {
            Assert.Equal(kind, ProbeWire.ToEngine(ProbeWire.ToWire(kind)));
        }
    }

    [Fact]
    public void Unspecified_is_count_and_an_unknown_kind_is_refused()
    {
        Assert.Equal(EngineProbe.Count, ProbeWire.ToEngine(WireProbe.Unspecified));
        Assert.Equal(EngineProbe.Timing, ProbeWire.ToEngine(WireProbe.Timing));
        Assert.Null(ProbeWire.ToEngine((WireProbe)77));
    }
}

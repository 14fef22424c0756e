using EngineProbe = Instr.Patching.ProbeKind;
using WireProbe = Instr.Protocol.V1.ProbeKind;

namespace Instr.Agent.Counters;

/// <summary>The one mapping between the engine's probe kinds and the wire's, by name, so a kind added to both maps
/// itself and a kind missing from either is an error rather than silently the count probe. (Enum.TryParse alone
/// would accept a number such as "77", hence the IsDefined checks.)</summary>
internal static class ProbeWire
{
    /// <summary>The engine's kind for a requested one (unspecified means count); null for a kind this agent lacks.</summary>
    public static EngineProbe? ToEngine(WireProbe probe) =>
        probe == WireProbe.Unspecified ? EngineProbe.Count
        : Enum.IsDefined(probe) && Enum.TryParse<EngineProbe>(probe.ToString(), ignoreCase: false, out var kind) && Enum.IsDefined(kind) ? kind
        : null;

    public static WireProbe ToWire(EngineProbe probe) =>
        Enum.IsDefined(probe) && Enum.TryParse<WireProbe>(probe.ToString(), ignoreCase: false, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new ArgumentOutOfRangeException(nameof(probe), probe, "probe kind missing from the wire protocol");
}

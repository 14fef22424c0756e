using EngineCoverage = Instr.Patching.Coverage;
using WireCoverage = Instr.Protocol.V1.Coverage;

namespace Instr.Agent.Counters;

/// <summary>The engine's <see cref="EngineCoverage"/> as the wire carries it: an enum and a reason that is set only
/// when the coverage is partial. The one place that maps it, for patch results, watch rows and the exit report.</summary>
internal static class CoverageWire
{
    /// <summary>Said when the engine reports partial coverage without a reason (its contract is to give one).</summary>
    public const string UnexplainedPartial = "some calls are not counted";

    public static (WireCoverage State, string Reason) Of(EngineCoverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        return coverage.IsComplete
            ? (WireCoverage.Complete, string.Empty)
            : (WireCoverage.Partial, string.IsNullOrWhiteSpace(coverage.Reason) ? UnexplainedPartial : coverage.Reason);
    }
}

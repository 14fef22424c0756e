using EngineCoverage = Instr.Patching.Coverage;

namespace Instr.Agent.Counters;

/// <summary>The short status shown next to a count, so a user sees at a glance whether to trust it. Derived from data
/// (active or not, coverage), never from the wording of notes.</summary>
internal static class PatchStatus
{
    public const string Patched = "patched";
    public const string Partial = "patched, partial coverage";
    public const string Unpatched = "unpatched";

    public static string Of(bool isActive, EngineCoverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        return !isActive ? Unpatched : coverage.IsComplete ? Patched : Partial;
    }
}

using Instr.Protocol.V1;

namespace Instr.Cli.Rendering;

/// <summary>The one place that turns a patch's state (data from the agent) into the words every view shows:
/// the watch table, the plain lines and the dashboard. Nothing decides from these words.</summary>
internal static class PatchStateText
{
    public const string Patched = "patched";
    public const string Unpatched = "unpatched";

    /// <summary>"patched", "partial: REASON" or "unpatched".</summary>
    public static string Of(PatchState state, string coverageReason) => state switch
    {
        PatchState.Patched => Patched,
        PatchState.Partial => $"partial: {coverageReason}",
        PatchState.Unpatched => Unpatched,
        _ => "unknown (agent too old to say)",
    };

    /// <summary>The status word of a plain (tab-separated) watch line: one token-like word per state, no reason.</summary>
    public static string Word(PatchState state) => state switch
    {
        PatchState.Patched => Patched,
        PatchState.Partial => "patched, partial coverage",
        PatchState.Unpatched => Unpatched,
        _ => "unknown",
    };

    public static string Of(MethodCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        return Of(counter.State, counter.CoverageReason);
    }

    /// <summary>The dashboard's status cell: a check mark for a live patch, the same words otherwise.</summary>
    public static string Marked(PatchState state, string coverageReason) => state switch
    {
        PatchState.Patched => "✓ patched",
        PatchState.Partial => "✓ patched · partial coverage",
        _ => Of(state, coverageReason),
    };
}

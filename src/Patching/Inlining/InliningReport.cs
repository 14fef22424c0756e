using System.Reflection;

namespace Instr.Patching.Inlining;

/// <summary>
/// Which already-loaded callers contain an inlined copy of a method (their calls to it cannot be counted
/// by patching the method), which could not be decided, and how the search went.
/// </summary>
/// <param name="Callee">The method analyzed.</param>
/// <param name="Callers">One verdict per method whose IL references the callee.</param>
/// <param name="Statistics">Counts and timings of the search.</param>
public sealed record InliningReport(MethodBase Callee, IReadOnlyList<CallerVerdict> Callers, InliningScanStatistics Statistics)
{
    private const int NamesShown = 5;

    /// <summary>Compiled callers whose code contains the callee inlined.</summary>
    public IReadOnlyList<MethodBase> InlinedInto => Callers.Where(v => v.State == CallerState.Inlined).Select(v => v.Caller).ToList();

    /// <summary>Callers that could not be decided (see each verdict's Detail).</summary>
    public IReadOnlyList<MethodBase> Unknown => Callers.Where(v => v.State == CallerState.Unknown).Select(v => v.Caller).ToList();

    /// <summary>
    /// The line for PatchResult.Notes, or null when every caller was decided and none inlined the callee
    /// and every assembly was searched. Never claims "not inlined" for what was not checked.
    /// </summary>
    public string? Note
    {
        get
        {
            var parts = new List<string>();
            if (InlinedInto is { Count: > 0 } inlined)
            {
                parts.Add($"inlined into {Plural(inlined.Count, "already-compiled caller")} ({Names(inlined)}): their calls are not counted");
            }

            if (Unknown is { Count: > 0 } unknown)
            {
                parts.Add($"may be inlined into {Plural(unknown.Count, "caller")} that could not be checked ({Names(unknown)})");
            }

            if (Statistics.NotScanned.Count > 0)
            {
                string shown = string.Join(", ", Statistics.NotScanned.Take(NamesShown));
                string more = Statistics.NotScanned.Count > NamesShown ? $" and {Statistics.NotScanned.Count - NamesShown} more" : "";
                parts.Add($"callers in {Plural(Statistics.NotScanned.Count, "assembly", "assemblies")} not searched for inlining ({shown}{more})");
            }

            if (Statistics.WrappersNotFollowed > 0)
            {
                parts.Add($"callers of {Plural(Statistics.WrappersNotFollowed, "small caller")} not searched for inlining through them");
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
    }

    private static string Names(IReadOnlyList<MethodBase> methods)
    {
        string shown = string.Join(", ", methods.Take(NamesShown).Select(MethodDisplayName.Of));
        return methods.Count > NamesShown ? $"{shown} and {methods.Count - NamesShown} more" : shown;
    }

    private static string Plural(int count, string singular, string? plural = null) =>
        count == 1 ? $"1 {singular}" : $"{count} {plural ?? singular + "s"}";
}

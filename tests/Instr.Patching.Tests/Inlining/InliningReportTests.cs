using System.Reflection;
using Instr.Patching.Inlining;
using Instr.Patching.Tests.Inlining.Targets;

namespace Instr.Patching.Tests.Inlining;

/// <summary>The user-facing note that goes into PatchResult.Notes.</summary>
public sealed class InliningReportTests
{
    private static readonly MethodBase s_callee = typeof(Helpers).GetMethod(nameof(Helpers.Twice))!;
    private static readonly MethodBase[] s_callers = typeof(ShapeCallers).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
        .Where(method => !method.IsGenericMethodDefinition)
        .OrderBy(method => method.Name, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Nothing_inlined_nothing_unknown_everything_searched_gives_no_note()
    {
        InliningReport report = Report([Verdict(0, CallerState.Calls), Verdict(1, CallerState.NotCompiled)], notScanned: []);

        Assert.Null(report.Note);
        Assert.Empty(report.InlinedInto);
    }

    [Fact]
    public void Inlined_callers_are_named_with_canonical_names()
    {
        InliningReport report = Report([Verdict(0, CallerState.Inlined), Verdict(1, CallerState.Calls), Verdict(2, CallerState.Inlined)], notScanned: []);

        Assert.Equal(
            $"inlined into 2 already-compiled callers ({Canonical(s_callers[0])}, {Canonical(s_callers[2])}): their calls are not counted",
            report.Note);
        Assert.Equal([s_callers[0], s_callers[2]], report.InlinedInto);
    }

    [Fact]
    public void Unknown_callers_and_unsearched_assemblies_are_said_never_hidden()
    {
        InliningReport report = Report([Verdict(0, CallerState.Unknown)], notScanned: ["Dyn: dynamic"]);

        Assert.Equal(
            $"may be inlined into 1 caller that could not be checked ({Canonical(s_callers[0])}); callers in 1 assembly not searched for inlining (Dyn: dynamic)",
            report.Note);
    }

    [Fact]
    public void Long_lists_are_cut_after_five_names()
    {
        Assert.True(s_callers.Length >= 7, "the target class needs at least 7 callers for this test");
        InliningReport report = Report(Enumerable.Range(0, 7).Select(i => Verdict(i, CallerState.Inlined)).ToList(), notScanned: []);

        Assert.StartsWith("inlined into 7 already-compiled callers (", report.Note);
        Assert.EndsWith(" and 2 more): their calls are not counted", report.Note);
        Assert.DoesNotContain(Canonical(s_callers[5]), report.Note);
    }

    private static string Canonical(MethodBase method) =>
        $"{method.DeclaringType!.FullName}:{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.FullName))})";

    private static CallerVerdict Verdict(int caller, CallerState state) => new(s_callers[caller], state, "test");

    private static InliningReport Report(IReadOnlyList<CallerVerdict> verdicts, IReadOnlyList<string> notScanned) =>
        new(s_callee, verdicts, new InliningScanStatistics(1, 0, 1, verdicts.Count, 0, TimeSpan.Zero, TimeSpan.Zero, notScanned));
}

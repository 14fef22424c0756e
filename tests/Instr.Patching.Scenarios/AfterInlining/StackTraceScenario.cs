using System.Reflection;
using Instr.Patching.Scenarios.AfterInlining.JitEvents;

namespace Instr.Patching.Scenarios.AfterInlining;

/// <summary>
/// Stack traces through callers the patch makes recompile. Before the patch each path's exception.StackTrace is
/// captured (same thread, same frames); after the patch (and 4 threads' calls, counted) it is captured again. Prints
/// <c>TRACE case=through-recompiled-caller identical=..</c>: Fail (patched, not inlined) throws through Compute, which
/// had Offset (patched) inlined — the text must be identical; and <c>TRACE case=inlined-thrower onlyNewFrame=..</c>:
/// Validate (patched) was inlined into Checked, so its frame was missing before; once Checked no longer inlines it,
/// the text must be the old one with exactly Validate's frame added.
/// </summary>
internal static class StackTraceScenario
{
    public const string Name = "inlined-stack-trace";
    private const int CallsPerThread = 50_000;
    private static readonly TimeSpan s_warmUpLimit = TimeSpan.FromSeconds(60);

    public static ScenarioResult Run()
    {
        using var witness = new JitCompileWitness();
        _ = MethodPatcher.Shared;
        MethodInfo offset = M(nameof(TraceTargets.Offset)), fail = M(nameof(TraceTargets.Fail)), validate = M(nameof(TraceTargets.Validate));
        InlinedInto[] preconditions =
        [
            new(M(nameof(TraceTargets.Compute)), offset),
            new(M(nameof(TraceTargets.Compute)), fail, CallerCode.EntryCallsIt),
            new(M(nameof(TraceTargets.Checked)), validate),
        ];
        var check = new ResultCheck(Expected);
        List<PreconditionState> states = Warm(witness, preconditions, check);
        states.ForEach(s => Console.WriteLine(s.ToLine()));
        string computeBefore = TraceCapture.ThroughCompute(), checkedBefore = TraceCapture.ThroughChecked();

        IReadOnlyList<PatchResult> patches = MethodPatcher.Shared.PatchAll([offset, fail, validate]);
        if (patches.FirstOrDefault(p => !p.Succeeded) is { } refused)
        {
            return ScenarioResult.Refused(refused.RefusalReason ?? "?");
        }

        long made = Hammer.Run(CallsPerThread, i => check.Verify(i, Call(i)));
        long counted = patches.Sum(p => p.Handle!.ReadCalls()); // read before the traces below make their own calls
        string computeAfter = TraceCapture.ThroughCompute(), checkedAfter = TraceCapture.ThroughChecked();

        Console.WriteLine($"TRACE case=through-recompiled-caller identical={computeBefore == computeAfter} before={Flat(computeBefore)} after={Flat(computeAfter)}");
        Console.WriteLine($"TRACE case=inlined-thrower onlyNewFrame={OnlyFrameAdded(checkedBefore, checkedAfter, "TraceTargets.Validate(")} "
            + $"before={Flat(checkedBefore)} after={Flat(checkedAfter)}");
        string detail = $"{(states.All(s => s.Met) ? "precondition met" : "PRECONDITION NOT MET")}; calls made {made} x 3 (Offset, Fail, Validate); {check.Summary}";
        return new ScenarioResult(made * 3, check.Wrong > 0 ? -1 : counted, detail);
    }

    // Compute(i) = (i + 1) * 2 and Checked(i) = (i + 3) * 5, for i >= 0: one call of each patched method per input.
    private static long Call(int i) => (TraceTargets.Compute(i) * 1_000_000L) + TraceTargets.Checked(i);

    private static long Expected(int i) => ((i + 1) * 2 * 1_000_000L) + ((i + 3) * 5);

    private static List<PreconditionState> Warm(JitCompileWitness witness, InlinedInto[] preconditions, ResultCheck check)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 1; ; round++)
        {
            for (var i = 0; i < 500; i++)
            {
                check.Verify(i, Call(i));
            }

            List<PreconditionState> states = [.. preconditions.Select(p => PreconditionCheck.Evaluate(witness, p))];
            if ((round >= 2 && states.All(s => s.Settled)) || clock.Elapsed > s_warmUpLimit)
            {
                return states;
            }

            Thread.Sleep(40);
        }
    }

    /// <summary>True when <paramref name="after"/> is <paramref name="before"/> plus exactly one frame naming <paramref name="frame"/>.</summary>
    private static bool OnlyFrameAdded(string before, string after, string frame)
    {
        string[] old = Lines(before), now = Lines(after);
        return !old.Any(l => l.Contains(frame, StringComparison.Ordinal))
            && now.Count(l => l.Contains(frame, StringComparison.Ordinal)) == 1
            && now.Where(l => !l.Contains(frame, StringComparison.Ordinal)).SequenceEqual(old);
    }

    private static string[] Lines(string trace) => trace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Flat(string trace) => string.Join(" / ", Lines(trace));

    private static MethodInfo M(string name) => typeof(TraceTargets).GetMethod(name) ?? throw new MissingMethodException(nameof(TraceTargets), name);
}

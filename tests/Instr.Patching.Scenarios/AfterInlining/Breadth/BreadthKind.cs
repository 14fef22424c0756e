using System.Reflection;

namespace Instr.Patching.Scenarios.AfterInlining.Breadth;

/// <summary>
/// One method kind of the breadth run: <paramref name="Patch"/> is reached from its hot <paramref name="Dispatcher"/>;
/// <paramref name="Call"/> calls the dispatcher, which makes <paramref name="PatchedCalls"/> calls of
/// <paramref name="Patch"/>. <paramref name="JitInlines"/> says what the precondition proves: true = the callee is
/// inlined into the dispatcher's Tier1 code; false = the JIT cannot inline this kind (then the run still checks that
/// patching after warm-up counts it exactly), with the reason in <paramref name="WhyNotInlined"/>.
/// </summary>
internal sealed record BreadthKind(
    string Name,
    MethodBase Patch,
    MethodBase Dispatcher,
    Func<int, long> Call,
    Func<int, long> PatchedCalls,
    bool JitInlines = true,
    string? WhyNotInlined = null)
{
    public InlinedInto Precondition => new(Dispatcher, Patch, JitInlines ? CallerCode.Entry : CallerCode.EntryCallsIt);
}

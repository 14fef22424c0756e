using System.Reflection;

namespace Instr.Patching.Scenarios.AfterInlining;

/// <summary>How the hot caller is brought to the state the precondition describes.</summary>
internal enum WarmUp
{
    /// <summary>Rounds of calls (with pauses for the tiering delay) until the caller runs final-tier code.</summary>
    UntilFinalTier,

    /// <summary>One call, whose long loop gets an OSR body; the caller itself stays at Tier0 (called far fewer than 30 times in all).</summary>
    OneLongCall,
}

/// <summary>
/// One "patched after its callers inlined it" scenario: <paramref name="Patch"/> is patched once every precondition
/// holds, then 4 threads call <paramref name="Call"/> (which goes through the hot caller) <paramref name="CallsPerThread"/>
/// times each; every result must equal <paramref name="Expected"/> and the count must equal the calls made times
/// <paramref name="PatchedCallsPerCall"/>.
/// </summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Patch">The method patched.</param>
/// <param name="Preconditions">Where it must be inlined before the patch.</param>
/// <param name="Call">One call as the app makes it (through the hot caller); returns the result.</param>
/// <param name="Expected">The right result of <paramref name="Call"/>, computed without calling the patched code.</param>
/// <param name="PatchedCallsPerCall">Calls of <paramref name="Patch"/> each <paramref name="Call"/> makes.</param>
/// <param name="CallsPerThread">Calls per thread after the patch.</param>
/// <param name="WarmUp">How the caller is warmed.</param>
/// <param name="EngineStartsAfterWarmUp">True for the attach case: the engine (and its JIT hook) starts only after the callers are hot.</param>
/// <param name="WitnessDuringCalls">False to stop the JIT event listener before the patch (its own code must not call a framework callee).</param>
internal sealed record HotCallerCase(
    string Name,
    MethodBase Patch,
    IReadOnlyList<InlinedInto> Preconditions,
    Func<int, long> Call,
    Func<int, long> Expected,
    long PatchedCallsPerCall = 1,
    int CallsPerThread = 50_000,
    WarmUp WarmUp = WarmUp.UntilFinalTier,
    bool EngineStartsAfterWarmUp = false,
    bool WitnessDuringCalls = true);

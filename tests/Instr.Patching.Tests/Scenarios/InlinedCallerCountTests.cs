namespace Instr.Patching.Tests.Scenarios;

/// <summary>
/// Issue 7, "patched after warm-up": each scenario warms a hot caller until the runtime's own JIT events show the
/// callee inlined into the code new calls run (printed as PRECONDITION lines), patches the callee, then 4 threads make
/// a known number of calls through the caller. Every result is checked; the count must equal the calls made, and a
/// patch that missed calls must not report complete coverage.
/// </summary>
[Collection(ScenarioCollection.Name)]
[Trait("Issue", "7")]
public sealed class InlinedCallerCountTests
{
    [Theory]
    [InlineData("inlined-virtual-via-base")] // guarded devirtualization at a monomorphic site
    [InlineData("inlined-interface")] // the same through an interface
    [InlineData("inlined-struct-method")]
    [InlineData("inlined-ctor")]
    [InlineData("inlined-framework-forwarder")] // BigInteger.Parse(string) inlined into user code
    [InlineData("inlined-osr-loop")] // new calls of a Tier0 loop method reach its OSR body, which inlined the callee
    [InlineData("inlined-getter-generic-caller")] // WeightWith<int> and the shared WeightWith<__Canon>
    [InlineData("inlined-through-wrapper")] // A inlined into B inlined into hot C; A patched
    [InlineData("inlined-before-engine-start")] // the attach case: callers hot before the engine's JIT hook existed
    [InlineData("inlined-r2r-framework-caller")] // DateTime.AddDays (CoreLib, ReadyToRun, hot Tier1) inlines AddTicks
    [InlineData("inlined-generic-caller")] // Scale<int>.Weigh and the shared Scale<__Canon>.Weigh inline Crate<T>.Weight
    [InlineData("inlined-struct-caller")] // a struct instance method as the caller
    public void Calls_through_a_caller_that_inlined_the_method_before_the_patch_are_all_counted(string scenario)
    {
        ScenarioOutcome outcome = ScenarioRunner.Run(scenario);

        AfterInliningAssert.PreconditionsProven(scenario, outcome);
        AfterInliningAssert.CoverageHonest(scenario, outcome.Expected, outcome.Counted, outcome.Detail);
        AfterInliningAssert.CountedExactly(scenario, outcome);
    }
}

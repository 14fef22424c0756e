using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Instr.Patching.Tests.Inlining;

/// <summary>
/// The inlining analysis in a real process (the scenario compiles its callers, one by ordinary tier-up to
/// Tier1), each verdict checked against the JIT's own listing of the same process.
/// </summary>
public sealed class InlinedCallerScenarioTests : IClassFixture<InliningScenarioRun>
{
    private const string Increment = "InlCallees:InlIncrement";
    private const string TripleNoInline = "InlCallees:InlTripleNoInline";
    private const string Echo = "InlCallees:InlEcho";
    private const string BoxGet = "InlBox`1:InlGet";
    private const string IsNullOrEmpty = "String:IsNullOrEmpty";

    private readonly InliningScenarioRun _run;
    private readonly ITestOutputHelper _output;

    public InlinedCallerScenarioTests(InliningScenarioRun run, ITestOutputHelper output)
    {
        _run = run;
        _output = output;
        Assert.True(run.ExitCode == 0, $"scenario exit code {run.ExitCode}\nstdout:\n{run.Output}\nstderr:\n{run.Errors}");
    }

    [Fact]
    public void Tiny_callee_inlined_into_a_tier1_caller_is_reported_for_exactly_that_caller()
    {
        JitListing.CompiledBody? caller = _run.Listing.Current("InlCallers:InlTieredCaller");
        Assert.NotNull(caller);
        Assert.Equal("Tier1", caller.Tier);
        Assert.False(caller.Calls("InlCallees:InlIncrement"), "the JIT's listing shows a call: the callee was not inlined, the scenario proves nothing");

        // Direct callers only here (the callers through a wrapper are checked below).
        IReadOnlyList<ScenarioVerdict> verdicts = _run.VerdictsFor(Increment).Where(v => !v.Detail.StartsWith("through ", StringComparison.Ordinal)).ToList();
        ScenarioVerdict inlined = Assert.Single(verdicts, v => v.State == "Inlined");
        Assert.Equal("InlCallers:InlTieredCaller", inlined.Caller);
        Assert.Contains("InlTieredCaller", NoteFor(Increment));
    }

    [Fact]
    public void Caller_that_never_ran_is_not_compiled_and_not_reported()
    {
        Assert.Null(_run.Listing.Current("InlCallers:InlNeverRunCaller"));
        ScenarioVerdict verdict = Assert.Single(_run.VerdictsFor(Increment), v => v.Caller == "InlCallers:InlNeverRunCaller");
        Assert.Equal("NotCompiled", verdict.State);
        Assert.DoesNotContain("InlNeverRunCaller", NoteFor(Increment));
    }

    [Fact]
    public void NoInlining_callee_is_not_reported()
    {
        JitListing.CompiledBody? caller = _run.Listing.Current("InlCallers:InlCallerOfNoInline");
        Assert.NotNull(caller);
        Assert.True(caller.Calls(TripleNoInline), "the JIT's listing should show the call");

        ScenarioVerdict verdict = Assert.Single(_run.VerdictsFor(TripleNoInline));
        Assert.Equal("Calls", verdict.State);
        Assert.Equal("(none)", NoteFor(TripleNoInline));
    }

    [Theory]
    [InlineData(Echo, "InlCallers:InlGenericMethodCaller")]
    [InlineData(BoxGet, "InlCallers:InlGenericTypeCaller")]
    public void Caller_of_a_generic_instantiation_that_inlined_it_is_reported(string callee, string callerName)
    {
        JitListing.CompiledBody? caller = _run.Listing.Current(callerName);
        Assert.NotNull(caller);
        Assert.False(caller.Calls(callee), "the JIT's listing shows a call: nothing was inlined");

        ScenarioVerdict verdict = Assert.Single(_run.VerdictsFor(callee), v => v.Caller == callerName);
        Assert.Equal("Inlined", verdict.State);
        Assert.Contains(callerName.Split(':')[1], NoteFor(callee));
    }

    [Fact]
    public void Framework_callee_inlined_into_a_caller_in_another_assembly_is_reported()
    {
        JitListing.CompiledBody? caller = _run.Listing.Current("InlCallers:InlFrameworkCaller");
        Assert.NotNull(caller);
        Assert.False(caller.Calls(IsNullOrEmpty), "the JIT's listing shows a call: nothing was inlined");

        ScenarioVerdict verdict = Assert.Single(_run.VerdictsFor(IsNullOrEmpty), v => v.Caller == "InlCallers:InlFrameworkCaller");
        Assert.Equal("Inlined", verdict.State);
        Assert.Contains("InlFrameworkCaller", NoteFor(IsNullOrEmpty));

        // Timing of the candidate scan over every loaded assembly: reported, never asserted.
        foreach (string line in _run.LinesStartingWith("stats"))
        {
            _output.WriteLine(line);
        }
    }

    [Fact]
    public void Every_decided_verdict_on_the_scenario_callers_agrees_with_the_jit_listing()
    {
        // Non-virtual callees only: the listing names a virtual call by its slot (InlBase:InlValue), not by the
        // override it reaches; guarded devirtualization is checked against the patch engine instead (InliningRealityTests).
        string[] nonVirtualCallees = [Increment, TripleNoInline, Echo, BoxGet, IsNullOrEmpty];
        List<ScenarioVerdict> decided = _run.Verdicts
            .Where(v => v.Caller.StartsWith("InlCallers:", StringComparison.Ordinal) && v.State is "Inlined" or "Calls")
            .Where(v => nonVirtualCallees.Contains(v.Callee) && !v.Detail.StartsWith("through ", StringComparison.Ordinal))
            .ToList();
        Assert.True(decided.Count >= 5, $"expected the scenario's compiled callers to be decided, got {decided.Count}");
        foreach (ScenarioVerdict verdict in decided)
        {
            JitListing.CompiledBody? body = _run.Listing.Current(verdict.Caller);
            Assert.NotNull(body);
            bool jitInlined = !body.Calls(verdict.Callee);
            Assert.True(jitInlined == (verdict.State == "Inlined"), $"{verdict.Callee} in {verdict.Caller}: analyzer says {verdict.State}, JIT listing says {(jitInlined ? "inlined" : "calls")}");
        }
    }

    [Fact]
    public void Body_end_found_by_disassembly_matches_the_size_the_jit_reports()
    {
        // The fallback lookup does not know sizes: the analysis finds each body's end itself.
        List<ScenarioVerdict> measured = _run.Verdicts
            .Where(v => v.Caller.StartsWith("InlCallers:", StringComparison.Ordinal) && v.State is "Inlined" or "Calls")
            .ToList();
        Assert.NotEmpty(measured);
        foreach (ScenarioVerdict verdict in measured)
        {
            Match size = Regex.Match(verdict.Detail, @"\[body 0x[0-9a-f]+, (?<bytes>\d+) bytes\]");
            Assert.True(size.Success, verdict.Detail);
            JitListing.CompiledBody? body = _run.Listing.Current(verdict.Caller);
            Assert.NotNull(body);
            Assert.True(body.TotalBytes > 0, $"no size in the JIT listing of {verdict.Caller}");
            Assert.True(int.Parse(size.Groups["bytes"].Value) == body.TotalBytes, $"{verdict.Caller}: found {size.Groups["bytes"].Value} bytes, the JIT says {body.TotalBytes}");
        }
    }

    [Fact]
    public void Caller_that_inlined_a_wrapper_of_the_callee_is_reported_through_the_wrapper()
    {
        JitListing.CompiledBody? outer = _run.Listing.Current("InlCallers:InlOuterCaller");
        Assert.NotNull(outer);
        Assert.False(outer.Calls("InlCallers:InlWrapper") || outer.Calls(Increment), "the JIT's listing shows a call: nothing was inlined");

        ScenarioVerdict verdict = Assert.Single(_run.VerdictsFor(Increment), v => v.Caller == "InlCallers:InlOuterCaller");
        Assert.Equal("Inlined", verdict.State);
        Assert.StartsWith("through Instr.Patching.Scenarios.Inlining.InlCallers:InlWrapper(System.Int32)", verdict.Detail);
        Assert.Contains("InlOuterCaller", NoteFor(Increment));
    }

    [Fact]
    public void Without_the_registry_a_generic_caller_is_unknown_never_not_compiled()
    {
        ScenarioVerdict generic = Assert.Single(_run.VerdictsFor(Increment), v => v.Caller == "InlCallers:InlGenericHostCaller");
        Assert.Equal("Unknown", generic.State);
        Assert.Contains("InlGenericHostCaller", NoteFor(Increment));
    }

    private string NoteFor(string callee) =>
        _run.LinesStartingWith("note").Select(line => line.TrimEnd('\r').Split('\t')).Single(fields => fields[1] == callee)[2];
}

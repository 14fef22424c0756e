namespace Instr.Patching.Tests.Inlining;

/// <summary>
/// The analysis over the engine's compile registry (exact sizes, every tier, generic instantiations), in its
/// own process. (The precode-only fallback is covered by InlinedCallerScenarioTests.)
/// </summary>
public sealed class InliningRegistryTests
{
    [Fact]
    public void With_the_compile_registry_every_tier_and_generic_instantiations_are_decided()
    {
        (int exitCode, string output, string errors) = InliningScenarioRun.RunScenario("inlining-registry", new Dictionary<string, string>());
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{errors}");
        Dictionary<string, ScenarioVerdict> verdicts = ScenarioVerdict.ParseAll(output).ToDictionary(v => v.Caller);

        // Tier0 bodies still call it, the Tier1 body inlined it: reported as inlined.
        ScenarioVerdict tiered = verdicts["InlCallers:InlTieredCaller"];
        Assert.Equal("Inlined", tiered.State);
        Assert.Contains("calls the callee", tiered.Detail);
        Assert.Contains("no call reaches the callee", tiered.Detail);

        // A generic caller: its instantiations are known from the registry only.
        Assert.Equal("Inlined", verdicts["InlCallers:InlGenericHostCaller"].State);
        Assert.Equal("NotCompiled", verdicts["InlCallers:InlNeverRunCaller"].State);
    }
}

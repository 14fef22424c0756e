namespace Instr.Patching.Tests.Scenarios;

/// <summary>Scenario processes hammer both cores with 4 threads: run them one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScenarioCollection
{
    public const string Name = "patch scenarios";
}

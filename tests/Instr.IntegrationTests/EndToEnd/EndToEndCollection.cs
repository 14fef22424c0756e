namespace Instr.IntegrationTests.EndToEnd;

/// <summary>End-to-end tests run one at a time: each starts real processes and 2 cores are all CI has.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}

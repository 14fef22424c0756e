namespace Instr.IntegrationTests.EndToEnd;

/// <summary>End-to-end tests run one at a time: each starts real processes and 2 cores are all CI has. Tests that mostly
/// wait on processes in their own sandbox (leases, audit, exporters, the change stream) stay outside it and run beside
/// the others, which keeps `make test` within CI's 20 minutes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}

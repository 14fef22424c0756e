namespace Instr.Patching.Tests.Platforms;

/// <summary>Tests that count /proc/self/maps parses: run alone, since engine tests beside them would parse it too.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PageProtectionCollection
{
    public const string Name = "page protection";
}

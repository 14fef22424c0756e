using Instr.Agent.Services;
using Instr.Patching;

namespace Instr.Agent.Tests.Services;

public sealed class StartupPatchSpecTests
{
    [Fact]
    public void Entries_are_split_on_semicolons_with_an_optional_probe_suffix()
    {
        var specs = StartupPatchSpec.Parse(" A.B:C ; D.E.*@timing;F:G(int)@count;; ");

        Assert.Equal(
            [new StartupPatchSpec("A.B:C", ProbeKind.Count), new StartupPatchSpec("D.E.*", ProbeKind.Timing), new StartupPatchSpec("F:G(int)", ProbeKind.Count)],
            specs);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ;  ")]
    public void Nothing_to_patch_when_unset_or_blank(string? value) => Assert.Empty(StartupPatchSpec.Parse(value));

    [Fact]
    public void An_unknown_suffix_stays_part_of_the_pattern_so_resolution_reports_it()
    {
        Assert.Equal([new StartupPatchSpec("A:B@fast", ProbeKind.Count)], StartupPatchSpec.Parse("A:B@fast"));
    }
}

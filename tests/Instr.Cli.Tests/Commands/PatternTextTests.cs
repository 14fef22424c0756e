using Instr.Cli.Commands;

namespace Instr.Cli.Tests.Commands;

/// <summary>Whether a "nothing matched" message suggests --all: only for a glob over types (exact type names already
/// reach the framework).</summary>
public sealed class PatternTextTests
{
    [Theory]
    [InlineData("System.Strin?:IsNullOrEmpty", true)]
    [InlineData("*:Parse", true)]
    [InlineData("System.*", true)]
    [InlineData("System.Str*.IsNullOrEmpty", true)]
    [InlineData("System.*.Parse(System.String)", true)]
    [InlineData("System.String:IsNullOr*", false)]
    [InlineData("System.String:IsNullOrEmpty(*)", false)]
    [InlineData("System.Numerics.BigInteger:Parse", false)]
    [InlineData("System.String.IsNullOr*(System.String)", false)]
    [InlineData("Nope:Missing", false)]
    public void Only_type_globs_count(string pattern, bool globsTypes) => Assert.Equal(globsTypes, PatternText.GlobsTypes(pattern));
}

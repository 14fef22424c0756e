using Instr.Agent.Resolution;

namespace Instr.Agent.Tests.Resolution;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("Foo", "Foo", true)]
    [InlineData("Foo", "foo", false)] // case-sensitive, like the CLR
    [InlineData("Foo", "Foobar", false)]
    [InlineData("Foo*", "Foobar", true)]
    [InlineData("Foo*", "Foo", true)]
    [InlineData("*bar", "Foobar", true)]
    [InlineData("*bar", "Foobaz", false)]
    [InlineData("F?o", "Fxo", true)]
    [InlineData("F?o", "Fo", false)]
    [InlineData("F?o", "Fxxo", false)]
    [InlineData("*", "", true)]
    [InlineData("?", "", false)]
    [InlineData("A.*", "A.B+C`1", true)] // '*' crosses dots, '+' and '`'
    [InlineData("*.Mod*.*A", "Sample.Modules.ModuleA", true)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXcYb", false)]
    [InlineData("**x", "x", true)]
    public void Matches_like_a_shell_glob(string pattern, string candidate, bool expected)
    {
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(candidate));
    }

    [Fact]
    public void Hostile_pattern_is_not_exponential()
    {
        // Would take ages with a backtracking regex; the two-pointer matcher is linear per star.
        var pattern = string.Concat(Enumerable.Repeat("*a", 2000)) + "b";
        var text = new string('a', 4000);
        Assert.False(new GlobPattern(pattern).IsMatch(text));
    }

    [Fact]
    public void Reports_whether_it_has_wildcards()
    {
        Assert.False(new GlobPattern("A.B").HasWildcards);
        Assert.True(new GlobPattern("A.?").HasWildcards);
        Assert.True(new GlobPattern("*").HasWildcards);
    }
}

using Instr.Cli.Ui.Model;

namespace Instr.Cli.Tests.Ui;

public class RowFilterTests
{
    private const string Name = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Empty_filter_matches_everything(string? text)
    {
        Assert.True(new RowFilter(text).Matches(Name));
    }

    [Theory]
    [InlineData("funca1", true)]
    [InlineData("ModuleA:Func", true)]
    [InlineData("ModuleB", false)]
    public void Plain_text_is_a_case_insensitive_substring(string text, bool expected)
    {
        Assert.Equal(expected, new RowFilter(text).Matches(Name));
    }

    [Theory]
    [InlineData("*modulea:func*", true)]
    [InlineData("SampleTarget.*:FuncA?(*)", true)]
    [InlineData("*:FuncA2*", false)]
    [InlineData("ModuleA*", false)] // a glob covers the whole name
    [InlineData("sampletarget.*", true)]
    [InlineData("*(system.int32)", true)]
    [InlineData("*(System.Int64)", false)]
    [InlineData("**", true)]
    public void Wildcards_make_a_glob_over_the_whole_name(string text, bool expected)
    {
        Assert.Equal(expected, new RowFilter(text).Matches(Name));
    }

    [Fact]
    public void Regex_characters_in_the_filter_are_literal()
    {
        Assert.True(new RowFilter("(System.Int32)").Matches(Name));
        Assert.False(new RowFilter("A.1").Matches(Name));
        Assert.True(new RowFilter("*(System.Int32)").Matches(Name));
    }

    [Fact]
    public void A_backslash_in_a_glob_is_literal()
    {
        Assert.True(new RowFilter(@"*\odd*").Matches(@"App.Type:Name\odd()"));
        Assert.False(new RowFilter(@"*\odd*").Matches("App.Type:Nameodd()"));
    }

    [Theory]
    [InlineData("FuncA1", "Func", true)]
    [InlineData("funca1", "FUNC", true)]
    [InlineData("Func", "FuncA1", false)]
    [InlineData("FuncA*", "Func", false)] // a glob does not narrow by its text
    [InlineData("*FuncA*", "", true)] // everything narrows "no filter"
    public void Narrows_when_its_text_contains_the_wider_text(string text, string wider, bool expected)
    {
        Assert.Equal(expected, new RowFilter(text).Narrows(new RowFilter(wider)));
    }
}

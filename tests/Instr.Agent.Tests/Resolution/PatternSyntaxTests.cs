using Instr.Agent.Resolution;

namespace Instr.Agent.Tests.Resolution;

/// <summary>Bad input: every mistake is one PatternSyntaxException with a one-line message that says what and where.</summary>
public sealed class PatternSyntaxTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_pattern_is_refused_where_one_is_required(string? pattern)
    {
        Assert.Equal("pattern is empty", Refused(pattern));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Resolve_reads_null_or_blank_as_everything(string? pattern)
    {
        var everything = ResolverFixture.OverTargets().Resolve(pattern);
        Assert.Contains(everything, m => m.Name == "ResolverTargets.Calculator:Twice(System.Int32)");
        Assert.Contains(everything, m => m.Name == "ResolverTargets.Other.Gadget:Spin()");
    }

    [Theory]
    [InlineData("A.B:M(int", "unbalanced parentheses: '(' at position 6 is never closed")]
    [InlineData("A.B:M)int(", "unbalanced parentheses: ')' at position 6 has no matching '('")]
    [InlineData("A.B:M(int))", "unbalanced parentheses: ')' at position 11 has no matching '('")]
    [InlineData("A.B:M((int))", "unexpected '(' at position 7 in pattern: parameter lists do not nest")]
    [InlineData("A.B:M(int) x", "unexpected text after ')' at position 11 in pattern")]
    [InlineData("  A.B:M(int", "unbalanced parentheses: '(' at position 8 is never closed")]
    public void Unbalanced_parentheses(string pattern, string message)
    {
        Assert.Equal(message, Refused(pattern));
    }

    [Theory]
    [InlineData("A.B:", "empty method part after ':' in pattern (use * for every method)")]
    [InlineData("A.B:()", "empty method part after ':' in pattern (use * for every method)")]
    [InlineData(":M", "empty type part before ':' in pattern (use * for any type)")]
    [InlineData("A.B.", "empty method part after the '.' at position 4 in pattern")]
    [InlineData("(int)", "pattern has a parameter list but no type and method before it")]
    [InlineData("Method(int)", "a parameter list needs a method before it: write Namespace.Type:Method(...)")]
    [InlineData("A:B:C", "unexpected second ':' at position 4 in pattern (write Namespace.Type:Method)")]
    [InlineData("A.B:M(int,)", "empty parameter type at position 11 in pattern")]
    [InlineData("A.B:M(,int)", "empty parameter type at position 7 in pattern")]
    public void Missing_parts(string pattern, string message)
    {
        Assert.Equal(message, Refused(pattern));
    }

    [Theory]
    [InlineData("A.B;rm -rf", "illegal character ';' (U+003B) at position 4 in pattern")]
    [InlineData("A B:M", "illegal character space (U+0020) at position 2 in pattern")]
    [InlineData("A.B:M\"", "illegal character '\"' (U+0022) at position 6 in pattern")]
    [InlineData("A.B:M(int;x)", "illegal character ';' (U+003B) at position 10 in pattern")]
    [InlineData("A.B:M(List<int)", "unbalanced '<' at position 11 in pattern")]
    [InlineData("A.B:M(int>)", "unexpected '>' at position 10 in pattern")]
    [InlineData("A.B:M(int x)", "unexpected space before position 11 in pattern: a parameter is one type name (write C# keywords or full names, without parameter names)")]
    [InlineData("A.B:M\U0001F600", "illegal character '\U0001F600' (U+1F600) at position 6 in pattern")]
    [InlineData("Box`1[System.Int32]:Set", "illegal character '[' (U+005B) at position 6 in pattern")]
    public void Illegal_characters(string pattern, string message)
    {
        Assert.Equal(message, Refused(pattern));
    }

    [Theory]
    [InlineData("A.B\u0007:M", "control character U+0007 at position 4 in pattern")]
    [InlineData("A.B:M\n", "control character U+000A at position 6 in pattern")]
    [InlineData("\tA.B:M", "control character U+0009 at position 1 in pattern")]
    [InlineData("A\u0000", "control character U+0000 at position 2 in pattern")]
    public void Control_characters(string pattern, string message)
    {
        Assert.Equal(message, Refused(pattern));
        Assert.Throws<PatternSyntaxException>(() => ResolverFixture.OverTargets().Resolve(pattern));
    }

    [Fact]
    public void Lone_surrogate_is_broken_utf16()
    {
        Assert.Equal("invalid UTF-16 (lone surrogate U+D800) at position 3 in pattern", Refused("A.\uD800:M"));
    }

    [Fact]
    public void Pattern_of_exactly_the_limit_is_accepted_and_one_more_is_too_long()
    {
        var atLimit = "A.B:" + new string('x', PatternCharacters.MaxLength - 4);
        Assert.Empty(ResolverFixture.OverTargets().Resolve(atLimit));
        Assert.Equal("pattern too long (4097 characters, max 4096)", Refused(atLimit + "x"));
    }

    [Fact]
    public void Hundred_kilobyte_pattern_is_too_long_and_the_message_stays_short()
    {
        var huge = new string('*', 100 * 1024);
        var message = Refused(huge);
        Assert.Equal("pattern too long (102400 characters, max 4096)", message);
        Assert.Throws<PatternSyntaxException>(() => ResolverFixture.OverTargets().Resolve(huge));
        Assert.Throws<PatternSyntaxException>(() => ResolverFixture.OverTargets().Resolve(new string(' ', 100 * 1024)));
    }

    [Fact]
    public void Messages_are_one_line_and_never_echo_the_pattern()
    {
        string[] bad = ["A.B:M(int", "x;y", "A\u0007", "A.B:", new string('q', 5000), "A:B:C", "A.B:M(,)"];
        foreach (var pattern in bad)
        {
            var message = Refused(pattern);
            Assert.DoesNotContain('\n', message);
            Assert.DoesNotContain('\r', message);
            Assert.True(message.Length < 120, message);
        }
    }

    [Theory]
    [InlineData("ResolverTargets.Ünïcødé:Grüße")]
    [InlineData("Ярлык.Тип:Метод")]
    [InlineData("名前空間.型:方法(int)")]
    [InlineData("<PrivateImplementationDetails>:*")]
    [InlineData("Ns.<>c__DisplayClass0_0:<Main>b__0_0")]
    [InlineData("Ns.Type:<M>g__Local|0_0")]
    [InlineData("Ns.__StaticArrayInitTypeSize=12:*")]
    [InlineData("Ns.Type..ctor")]
    [InlineData("Ns.Type:.cctor()")]
    [InlineData("Ns.Type$Thing:get_X")]
    public void Unicode_and_compiler_generated_names_are_legal(string pattern)
    {
        var parsed = MethodPattern.Parse(pattern);
        Assert.Equal(pattern, parsed.Text);
    }

    private static string Refused(string? pattern) => Assert.Throws<PatternSyntaxException>(() => MethodPattern.Parse(pattern)).Message;
}

using Instr.Agent.Resolution;

namespace Instr.Agent.Tests.Resolution;

/// <summary>How a parameter of a pattern is spelled in canonical form before it is globbed.</summary>
public sealed class ParameterTypeParserTests
{
    [Theory]
    [InlineData("int", "System.Int32")]
    [InlineData("string", "System.String")]
    [InlineData("object", "System.Object")]
    [InlineData("dynamic", "System.Object")]
    [InlineData("bool", "System.Boolean")]
    [InlineData("long", "System.Int64")]
    [InlineData("double", "System.Double")]
    [InlineData("float", "System.Single")]
    [InlineData("decimal", "System.Decimal")]
    [InlineData("char", "System.Char")]
    [InlineData("byte", "System.Byte")]
    [InlineData("sbyte", "System.SByte")]
    [InlineData("short", "System.Int16")]
    [InlineData("ushort", "System.UInt16")]
    [InlineData("uint", "System.UInt32")]
    [InlineData("ulong", "System.UInt64")]
    [InlineData("nint", "System.IntPtr")]
    [InlineData("nuint", "System.UIntPtr")]
    public void Keywords_become_clr_names(string keyword, string fullName)
    {
        Assert.Equal(fullName, ParameterTypeParser.Normalize(keyword, 0));
    }

    [Theory]
    [InlineData("System.Int32", "System.Int32")]
    [InlineData("Int32", "Int32")] // not a keyword, not a full name: kept, and so matches nothing
    [InlineData("integer", "integer")] // unknown keyword: a type name that matches nothing, not an error
    [InlineData("INT", "INT")] // keywords are case-sensitive too
    [InlineData("T", "T")]
    [InlineData("*", "*")]
    [InlineData("System.*", "System.*")]
    public void Other_names_are_kept_as_written(string text, string expected)
    {
        Assert.Equal(expected, ParameterTypeParser.Normalize(text, 0));
    }

    [Theory]
    [InlineData("ref int", "System.Int32&")]
    [InlineData("out string", "System.String&")]
    [InlineData("in double", "System.Double&")]
    [InlineData("ref readonly int", "System.Int32&")]
    [InlineData("int&", "System.Int32&")]
    [InlineData("params int[]", "System.Int32[]")]
    [InlineData("int[]", "System.Int32[]")]
    [InlineData("int[ ]", "System.Int32[]")]
    [InlineData("string[,]", "System.String[,]")]
    [InlineData("int[][]", "System.Int32[][]")]
    [InlineData("int*", "System.Int32*")]
    [InlineData("void*", "System.Void*")]
    [InlineData("int?", "System.Nullable`1[System.Int32]")]
    [InlineData("string?", "System.String")]
    [InlineData("int?[]", "System.Nullable`1[System.Int32][]")]
    public void Modifiers_and_suffixes(string text, string expected)
    {
        Assert.Equal(expected, ParameterTypeParser.Normalize(text, 0));
    }

    [Theory]
    [InlineData("System.Collections.Generic.List<int>", "System.Collections.Generic.List`1[System.Int32]")]
    [InlineData("System.Collections.Generic.List`1[int]", "System.Collections.Generic.List`1[System.Int32]")]
    [InlineData("System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<int>>", "System.Collections.Generic.Dictionary`2[System.String,System.Collections.Generic.List`1[System.Int32]]")]
    [InlineData("System.Func`2[T, TResult]", "System.Func`2[T,TResult]")]
    [InlineData("System.Collections.Generic.List<int>[]", "System.Collections.Generic.List`1[System.Int32][]")]
    [InlineData("Ns.<>c__DisplayClass0_0&", "Ns.<>c__DisplayClass0_0&")]
    [InlineData("System.Collections.Generic.Dictionary`2+Entry[TKey,TValue][]", "System.Collections.Generic.Dictionary`2+Entry[TKey,TValue][]")] // a nested type takes the outer's arguments: no arity added
    [InlineData("delegate*<int, void>", "delegate*<System.Int32,System.Void>")]
    [InlineData("delegate*<int&, System.Collections.Generic.List<string>>", "delegate*<System.Int32&,System.Collections.Generic.List`1[System.String]>")]
    public void Generic_syntax_in_either_spelling(string text, string expected)
    {
        Assert.Equal(expected, ParameterTypeParser.Normalize(text, 0));
    }
}

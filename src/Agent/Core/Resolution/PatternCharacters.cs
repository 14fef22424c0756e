using System.Globalization;
using System.Text;

namespace Instr.Agent.Resolution;

/// <summary>Which characters a pattern may contain. Names are CLR identifiers (any Unicode letter, digit, mark,
/// connector or format character) plus the punctuation the C# compiler and the CLR put into real member names:
/// <c>. + ` &lt; &gt; $ | = -</c> (<c>&lt;Main&gt;$</c>, <c>&lt;&gt;c__DisplayClass0_0</c>, <c>&lt;M&gt;g__Local|0_0</c>,
/// <c>__StaticArrayInitTypeSize=12</c>), and the wildcards <c>* ?</c>.</summary>
internal static class PatternCharacters
{
    public const int MaxLength = 4096;

    /// <summary>Rejects control characters and broken UTF-16 anywhere in the pattern (before any other check, so
    /// that no later message has to print them).</summary>
    public static void RejectControlCharacters(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (char.IsControl(c))
            {
                throw new PatternSyntaxException($"control character U+{(int)c:X4} at position {i + 1} in pattern");
            }

            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1])))
            {
                throw new PatternSyntaxException($"invalid UTF-16 (lone surrogate U+{(int)c:X4}) at position {i + 1} in pattern");
            }

            if (char.IsHighSurrogate(c))
            {
                i++;
            }
        }
    }

    /// <summary>True for a character that may appear in a type or method name (wildcards included).</summary>
    public static bool IsNameCharacter(Rune rune)
    {
        if (rune.IsAscii)
        {
            var c = (char)rune.Value;
            return char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '+' or '`' or '<' or '>' or '$' or '|' or '=' or '-' or '*' or '?';
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
                or UnicodeCategory.Format => true,
            _ => false,
        };
    }

    /// <summary>Throws for the first character of <paramref name="text"/> that is not a name character.</summary>
    /// <param name="offset">Index of <paramref name="text"/> inside the whole pattern (for the message).</param>
    public static void RequireNameCharacters(string text, int offset)
    {
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsNameCharacter(rune))
            {
                throw Illegal(rune, offset + index);
            }

            index += rune.Utf16SequenceLength;
        }
    }

    /// <summary>Like <see cref="RequireNameCharacters"/> for a method part, which may also hold commas and array
    /// brackets inside angle brackets: the C# compiler names an explicit implementation of a generic interface's member
    /// after the interface, arguments and all (<c>System.Collections.Generic.IDictionary&lt;TKey,TValue&gt;.Add</c>,
    /// <c>System.Collections.Generic.IEnumerable&lt;T[]&gt;.GetEnumerator</c>).</summary>
    public static void RequireMethodNameCharacters(string text, int offset)
    {
        var index = 0;
        var angles = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            angles += rune.Value switch { '<' => 1, '>' => angles > 0 ? -1 : 0, _ => 0 };
            if (!IsNameCharacter(rune) && !(rune.Value is ',' or '[' or ']' && angles > 0))
            {
                throw Illegal(rune, offset + index);
            }

            index += rune.Utf16SequenceLength;
        }
    }

    public static PatternSyntaxException Illegal(Rune rune, int index)
    {
        var shown = rune.Value == ' ' ? "space" : $"'{rune}'";
        return new PatternSyntaxException($"illegal character {shown} (U+{rune.Value:X4}) at position {index + 1} in pattern");
    }
}

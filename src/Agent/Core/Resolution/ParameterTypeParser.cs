using System.Text;

namespace Instr.Agent.Resolution;

/// <summary>
/// Turns one parameter of a pattern into the spelling of canonical names, so that it can be globbed against them:
/// C# keywords become CLR names (<c>int</c> → <c>System.Int32</c>), <c>ref/out/in T</c> → <c>T&amp;</c>,
/// <c>params</c> is dropped, <c>int?</c> → <c>System.Nullable`1[System.Int32]</c> (<c>string?</c> is only an annotation
/// → <c>System.String</c>), C# generic syntax <c>System.Collections.Generic.List&lt;int&gt;</c> →
/// <c>System.Collections.Generic.List`1[System.Int32]</c>, and array, pointer and byref suffixes are kept.
/// A <c>&lt;</c> at the start of a name segment is part of a compiler-generated name (<c>&lt;&gt;c</c>), not generic syntax.
/// </summary>
internal sealed class ParameterTypeParser
{
    private const string FunctionPointerKeyword = "delegate*";

    private static readonly string[] s_byRefModifiers = ["ref readonly ", "ref ", "out ", "in ", "scoped ref "];

    private readonly string _text;
    private readonly int _offset;
    private int _pos;

    private ParameterTypeParser(string text, int offset)
    {
        _text = text;
        _offset = offset;
    }

    /// <param name="parameter">One trimmed parameter of the pattern.</param>
    /// <param name="offset">Index of <paramref name="parameter"/> in the whole pattern (for messages).</param>
    public static string Normalize(string parameter, int offset)
    {
        var byRef = false;
        var text = parameter;
        var skipped = 0;
        if (text.StartsWith("params ", StringComparison.Ordinal))
        {
            skipped = "params ".Length;
        }
        else
        {
            foreach (var modifier in s_byRefModifiers)
            {
                if (text.StartsWith(modifier, StringComparison.Ordinal))
                {
                    byRef = true;
                    skipped = modifier.Length;
                    break;
                }
            }
        }

        var rest = text[skipped..];
        var leading = rest.Length - rest.TrimStart(' ').Length;
        var parser = new ParameterTypeParser(rest.Trim(' '), offset + skipped + leading);
        var normalized = parser.ParseType();
        parser.SkipSpaces();
        if (parser._pos < parser._text.Length)
        {
            throw parser.Unexpected();
        }

        if (normalized.Length == 0)
        {
            throw new PatternSyntaxException($"missing parameter type at position {offset + 1} in pattern");
        }

        return byRef && !normalized.EndsWith('&') ? normalized + "&" : normalized;
    }

    private string ParseType()
    {
        SkipSpaces();
        var name = ReadName();
        if (name.Length == 0)
        {
            return string.Empty;
        }

        var result = new StringBuilder(ResolveKeyword(name));
        if (name == FunctionPointerKeyword && Peek() == '<')
        {
            // delegate*<int, void>: parameter and return types, spelled like generic arguments but without an arity.
            result.Append('<').AppendJoin(',', ParseArguments('<', '>')).Append('>');
        }
        else if (Peek() == '<')
        {
            AppendGenericArguments(result, ParseArguments('<', '>'), addArity: true);
        }
        else if (Peek() == '[' && !IsArraySuffixAhead())
        {
            // CLR syntax names the type as the CLR does, arity included; a nested type of a generic type has none of
            // its own yet takes the outer type's arguments (Ns.Queue`1+Segment[T]), so nothing is added here.
            AppendGenericArguments(result, ParseArguments('[', ']'), addArity: false);
        }

        ParseSuffixes(result);
        return result.ToString();
    }

    private string ReadName()
    {
        var name = new StringBuilder();
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            var atSegmentStart = name.Length == 0 || name[^1] is '.' or '+';
            if (c == '<' && atSegmentStart)
            {
                ReadCompilerGeneratedSegment(name);
                continue;
            }

            if (c is '<' or '[' or '&' or ',' or ' ' or ']' or '>')
            {
                break;
            }

            var rune = Rune.GetRuneAt(_text, _pos);
            if (!PatternCharacters.IsNameCharacter(rune))
            {
                throw PatternCharacters.Illegal(rune, _offset + _pos);
            }

            name.Append(_text, _pos, rune.Utf16SequenceLength);
            _pos += rune.Utf16SequenceLength;
        }

        return name.ToString();
    }

    /// <summary>Copies a compiler-generated segment such as <c>&lt;&gt;c__DisplayClass0_0</c> up to its closing '>'.</summary>
    private void ReadCompilerGeneratedSegment(StringBuilder name)
    {
        var close = _text.IndexOf('>', _pos);
        if (close < 0)
        {
            throw new PatternSyntaxException($"unbalanced '<' at position {_offset + _pos + 1} in pattern");
        }

        var segment = _text[_pos..(close + 1)];
        PatternCharacters.RequireNameCharacters(segment, _offset + _pos);
        name.Append(segment);
        _pos = close + 1;
    }

    private static string ResolveKeyword(string name)
    {
        // Trailing '*' and '?' after a keyword are pointer / nullable syntax; after any other name they are wildcards.
        var core = name.TrimEnd('*', '?');
        if (core.Length == name.Length || !TypeKeywords.TryGetFullName(core, out var fullName))
        {
            return TypeKeywords.TryGetFullName(name, out var plain) ? plain : name;
        }

        var result = new StringBuilder(fullName);
        foreach (var suffix in name.AsSpan(core.Length))
        {
            if (suffix == '*')
            {
                result.Append('*');
            }
            else if (!TypeKeywords.IsReferenceType(core))
            {
                result.Insert(0, "System.Nullable`1[").Append(']');
            }
        }

        return result.ToString();
    }

    private List<string> ParseArguments(char open, char close)
    {
        var openedAt = _pos;
        _pos++; // the opening bracket
        var arguments = new List<string>();
        while (true)
        {
            var argument = ParseType();
            if (argument.Length == 0)
            {
                throw _pos >= _text.Length ? UnclosedAt(openedAt, open) : Unexpected();
            }

            arguments.Add(argument);
            SkipSpaces();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }

            if (Peek() == close)
            {
                _pos++;
                return arguments;
            }

            throw _pos >= _text.Length ? UnclosedAt(openedAt, open) : Unexpected();
        }
    }

    private static void AppendGenericArguments(StringBuilder name, List<string> arguments, bool addArity)
    {
        if (addArity && !HasAritySuffix(name))
        {
            name.Append('`').Append(arguments.Count);
        }

        name.Append('[').AppendJoin(',', arguments).Append(']');
    }

    private static bool HasAritySuffix(StringBuilder name)
    {
        var i = name.Length - 1;
        while (i >= 0 && char.IsAsciiDigit(name[i]))
        {
            i--;
        }

        return i < name.Length - 1 && i >= 0 && name[i] == '`';
    }

    private void ParseSuffixes(StringBuilder result)
    {
        while (true)
        {
            SkipSpaces();
            var c = Peek();
            if (c is '*' or '&')
            {
                result.Append(c);
                _pos++;
            }
            else if (c == '[' && IsArraySuffixAhead())
            {
                var close = _text.IndexOf(']', _pos);
                result.Append(_text.AsSpan(_pos, close - _pos + 1).ToString().Replace(" ", string.Empty, StringComparison.Ordinal));
                _pos = close + 1;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>'[' followed only by commas/spaces (or a single '*') and ']' is an array rank, not generic arguments.</summary>
    private bool IsArraySuffixAhead()
    {
        var close = _text.IndexOf(']', _pos);
        if (close < 0)
        {
            return false;
        }

        var inside = _text.AsSpan(_pos + 1, close - _pos - 1).Trim(' ');
        return inside.IsEmpty || inside is "*" || inside.Trim(", ").IsEmpty;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] == ' ')
        {
            _pos++;
        }
    }

    private PatternSyntaxException Unexpected()
    {
        var rune = Rune.GetRuneAt(_text, _pos);
        if (rune.Value is '<' or '>' or '[' or ']' or ',' or '&')
        {
            return new PatternSyntaxException($"unexpected '{rune}' at position {_offset + _pos + 1} in pattern");
        }

        // A second word after a complete type ("System. Int32", "int x"): say so rather than blame a legal letter.
        return PatternCharacters.IsNameCharacter(rune)
            ? new PatternSyntaxException($"unexpected space before position {_offset + _pos + 1} in pattern: a parameter is one type name (write C# keywords or full names, without parameter names)")
            : PatternCharacters.Illegal(rune, _offset + _pos);
    }

    private PatternSyntaxException UnclosedAt(int index, char open) =>
        new($"unbalanced '{open}' at position {_offset + index + 1} in pattern");
}

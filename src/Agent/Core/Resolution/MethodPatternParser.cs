namespace Instr.Agent.Resolution;

/// <summary>Parses the text of a pattern into a <see cref="MethodPattern"/>; every failure is a one-line
/// <see cref="PatternSyntaxException"/> that never echoes the (possibly huge or hostile) pattern itself.</summary>
internal static class MethodPatternParser
{
    public static MethodPattern Parse(string? pattern)
    {
        if (pattern is null)
        {
            throw new PatternSyntaxException("pattern is empty");
        }

        if (pattern.Length > PatternCharacters.MaxLength)
        {
            throw new PatternSyntaxException($"pattern too long ({pattern.Length} characters, max {PatternCharacters.MaxLength})");
        }

        PatternCharacters.RejectControlCharacters(pattern);
        var start = pattern.Length - pattern.TrimStart().Length;
        var text = pattern.Trim();
        if (text.Length == 0)
        {
            throw new PatternSyntaxException("pattern is empty");
        }

        var (head, parameters) = SplitParameterList(text, start);
        var colon = head.IndexOf(':');
        if (colon >= 0)
        {
            return MethodPattern.Create(text, WithColon(head, colon, start, parameters), null);
        }

        RequireHeadCharacters(head, start);
        var methodReading = SplitAtLastDot(head, start, parameters);
        if (parameters is not null)
        {
            // A parameter list only makes sense after a method name.
            return MethodPattern.Create(text, methodReading ?? throw NoMethodPart(), null);
        }

        return MethodPattern.Create(text, new MemberPattern(new GlobPattern(head), null, null), methodReading);
    }

    private static (string Head, IReadOnlyList<GlobPattern>? Parameters) SplitParameterList(string text, int start)
    {
        var open = text.IndexOf('(');
        var firstClose = text.IndexOf(')');
        if (open < 0)
        {
            if (firstClose >= 0)
            {
                throw new PatternSyntaxException($"unbalanced parentheses: ')' at position {start + firstClose + 1} has no matching '('");
            }

            return (text, null);
        }

        if (firstClose >= 0 && firstClose < open)
        {
            throw new PatternSyntaxException($"unbalanced parentheses: ')' at position {start + firstClose + 1} has no matching '('");
        }

        var secondOpen = text.IndexOf('(', open + 1);
        if (secondOpen >= 0 && (firstClose < 0 || secondOpen < firstClose))
        {
            throw new PatternSyntaxException($"unexpected '(' at position {start + secondOpen + 1} in pattern: parameter lists do not nest");
        }

        if (firstClose < 0)
        {
            throw new PatternSyntaxException($"unbalanced parentheses: '(' at position {start + open + 1} is never closed");
        }

        if (firstClose != text.Length - 1)
        {
            var extra = text.IndexOf(')', firstClose + 1);
            throw extra >= 0
                ? new PatternSyntaxException($"unbalanced parentheses: ')' at position {start + extra + 1} has no matching '('")
                : new PatternSyntaxException($"unexpected text after ')' at position {start + firstClose + 2} in pattern");
        }

        var head = text[..open].TrimEnd();
        if (head.Length == 0)
        {
            throw new PatternSyntaxException("pattern has a parameter list but no type and method before it");
        }

        return (head, ParseParameters(text[(open + 1)..firstClose], start + open + 1));
    }

    private static List<GlobPattern> ParseParameters(string list, int offset)
    {
        var parameters = new List<GlobPattern>();
        if (list.Trim().Length == 0)
        {
            return parameters;
        }

        var depth = 0;
        var from = 0;
        for (var i = 0; i <= list.Length; i++)
        {
            var c = i < list.Length ? list[i] : ',';
            if (c is '<' or '[')
            {
                depth++;
            }
            else if (c is '>' or ']')
            {
                depth--;
            }
            else if (c == ',' && (depth <= 0 || i == list.Length))
            {
                var raw = list[from..i];
                var trimmed = raw.Trim(' ');
                if (trimmed.Length == 0)
                {
                    throw new PatternSyntaxException($"empty parameter type at position {offset + from + 1} in pattern");
                }

                var leading = raw.Length - raw.TrimStart(' ').Length;
                parameters.Add(new GlobPattern(ParameterTypeParser.Normalize(trimmed, offset + from + leading)));
                from = i + 1;
                depth = 0;
            }
        }

        return parameters;
    }

    private static MemberPattern WithColon(string head, int colon, int start, IReadOnlyList<GlobPattern>? parameters)
    {
        var second = head.IndexOf(':', colon + 1);
        if (second >= 0)
        {
            throw new PatternSyntaxException($"unexpected second ':' at position {start + second + 1} in pattern (write Namespace.Type:Method)");
        }

        var type = head[..colon];
        var method = head[(colon + 1)..];
        if (type.Length == 0)
        {
            throw new PatternSyntaxException("empty type part before ':' in pattern (use * for any type)");
        }

        if (method.Length == 0)
        {
            throw new PatternSyntaxException("empty method part after ':' in pattern (use * for every method)");
        }

        PatternCharacters.RequireNameCharacters(type, start);
        PatternCharacters.RequireMethodNameCharacters(method, start + colon + 1);
        return new MemberPattern(new GlobPattern(type), new GlobPattern(method), parameters);
    }

    private static void RequireHeadCharacters(string head, int start) => PatternCharacters.RequireNameCharacters(head, start);

    /// <summary><c>Ns.Type.Method</c> → (<c>Ns.Type</c>, <c>Method</c>); constructors keep their dot
    /// (<c>Ns.Type..ctor</c> → <c>.ctor</c>). Null when there is no dot to split at.</summary>
    private static MemberPattern? SplitAtLastDot(string head, int start, IReadOnlyList<GlobPattern>? parameters)
    {
        var split = head.LastIndexOf('.');
        if (split < 0)
        {
            return null;
        }

        if (split > 0 && head[split - 1] == '.' && IsConstructorName(head[split..]))
        {
            split--;
        }

        var type = head[..split];
        var method = head[(split + 1)..];
        if (method.Length == 0)
        {
            throw new PatternSyntaxException($"empty method part after the '.' at position {start + split + 1} in pattern");
        }

        if (type.Length == 0)
        {
            throw new PatternSyntaxException("empty type part in pattern (write Namespace.Type.Method or Namespace.Type:Method)");
        }

        return new MemberPattern(new GlobPattern(type), new GlobPattern(method), parameters);
    }

    private static bool IsConstructorName(string dottedTail) => dottedTail is ".ctor" or ".cctor";

    private static PatternSyntaxException NoMethodPart() =>
        new("a parameter list needs a method before it: write Namespace.Type:Method(...)");
}

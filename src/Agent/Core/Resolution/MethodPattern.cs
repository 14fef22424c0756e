namespace Instr.Agent.Resolution;

/// <summary>
/// A parsed pattern (grammar in product.md, "Method names"). One or two <see cref="MemberPattern"/> readings:
/// a pattern without ':' and without a parameter list is first a type pattern (every method of the matching types)
/// and only if no type matches is it read as <c>Namespace.Type.Method</c>, split at the last dot.
/// </summary>
internal sealed class MethodPattern
{
    private MethodPattern(string text, MemberPattern primary, MemberPattern? fallback)
    {
        Text = text;
        Primary = primary;
        Fallback = fallback;
    }

    /// <summary>Matches every method (the null/empty pattern of <c>list</c>).</summary>
    public static MethodPattern Everything { get; } = new(string.Empty, new MemberPattern(new GlobPattern("*"), null, null), null);

    /// <summary>The pattern as given (trimmed).</summary>
    public string Text { get; }

    /// <summary>The first reading.</summary>
    public MemberPattern Primary { get; }

    /// <summary>The reading used when <see cref="Primary"/> matches no type at all, if the pattern has one.</summary>
    public MemberPattern? Fallback { get; }

    /// <summary>Parses a pattern that must not be empty (patch, unpatch). Throws <see cref="PatternSyntaxException"/>.</summary>
    public static MethodPattern Parse(string? pattern) => MethodPatternParser.Parse(pattern);

    /// <summary>True when some reading's type part is a glob: such a reading reaches framework types only with
    /// <c>--all</c>, which is worth a hint when nothing matched.</summary>
    public bool GlobsTypes => Primary.Type.HasWildcards || Fallback?.Type.HasWildcards == true;

    internal static MethodPattern Create(string text, MemberPattern primary, MemberPattern? fallback) => new(text, primary, fallback);

    public override string ToString() => Text;
}

/// <summary>One reading of a pattern.</summary>
/// <param name="Type">Glob over the declaring type's full name.</param>
/// <param name="Method">Glob over the method name (null: every method of the type).</param>
/// <param name="Parameters">Globs over the canonical parameter types (null: every overload; empty: no parameters).</param>
internal sealed record MemberPattern(GlobPattern Type, GlobPattern? Method, IReadOnlyList<GlobPattern>? Parameters)
{
    /// <summary>True when the type part has no wildcard: it names one type, framework types included.</summary>
    public bool NamesExactType => !Type.HasWildcards;
}

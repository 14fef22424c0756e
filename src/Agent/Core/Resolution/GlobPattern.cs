namespace Instr.Agent.Resolution;

/// <summary>
/// A case-sensitive glob over one name: <c>*</c> matches any run of characters (dots and <c>+</c> included),
/// <c>?</c> exactly one. Matching is a linear-time two-pointer walk with single-star backtracking instead of a
/// regex, so a hostile pattern (100 KB of <c>*a*a*a</c>) cannot make it exponential.
/// </summary>
internal sealed class GlobPattern
{
    private readonly string _text;
    private readonly bool _hasWildcards;

    public GlobPattern(string text)
    {
        _text = text;
        _hasWildcards = text.AsSpan().IndexOfAny('*', '?') >= 0;
    }

    /// <summary>The pattern as written.</summary>
    public string Text => _text;

    /// <summary>True when the pattern contains <c>*</c> or <c>?</c>.</summary>
    public bool HasWildcards => _hasWildcards;

    public bool IsMatch(string candidate) =>
        _hasWildcards ? WildcardMatch(_text, candidate) : string.Equals(_text, candidate, StringComparison.Ordinal);

    public override string ToString() => _text;

    private static bool WildcardMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0;
        int starAt = -1, resumeText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || (pattern[p] != '*' && pattern[p] == text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                // Remember the star; first try matching it against nothing.
                starAt = p++;
                resumeText = t;
            }
            else if (starAt >= 0)
            {
                // Mismatch after a star: let the star swallow one more character and retry.
                p = starAt + 1;
                t = ++resumeText;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

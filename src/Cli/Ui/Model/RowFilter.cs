using System.IO.Enumeration;
using System.Text.RegularExpressions;

namespace Instr.Cli.Ui.Model;

/// <summary>
/// The `/` filter: plain text matches as a case-insensitive substring of the method name; text with `*` or `?`
/// is a case-insensitive glob over the whole name (so `*ModuleA:Func*` works like the patch grammar).
/// </summary>
internal sealed class RowFilter
{
    private readonly string _text;
    private readonly bool _simpleGlob;
    private readonly string? _literal;
    private readonly LiteralAt _literalAt;
    private readonly Regex? _glob;

    public RowFilter(string? text)
    {
        _text = (text ?? "").Trim();
        if (_text.IndexOfAny(['*', '?']) < 0)
        {
            return;
        }

        // The runtime's own * ? matcher walks a name without allocating, several times faster than a regex over
        // 100,000 names on every key; it reads a backslash as an escape, so text with one keeps the literal regex.
        _simpleGlob = !_text.Contains('\\', StringComparison.Ordinal);

        // `*text*`, `text*`, `*text`: the shapes people type, a plain substring/prefix/suffix test (the vectorized
        // search is again several times faster than the general matcher).
        var inner = _text.Trim('*');
        if (_simpleGlob && inner.Length > 0 && inner.IndexOfAny(['*', '?']) < 0)
        {
            _literal = inner;
            _literalAt = (_text[0] == '*', _text[^1] == '*') switch
            {
                (true, true) => LiteralAt.Anywhere,
                (false, true) => LiteralAt.Start,
                _ => LiteralAt.End,
            };
        }

        if (!_simpleGlob)
        {
            var pattern = "^" + Regex.Escape(_text).Replace(@"\*", ".*", StringComparison.Ordinal)
                .Replace(@"\?", ".", StringComparison.Ordinal) + "$";
            _glob = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
    }

    public string Text => _text;

    public bool IsEmpty => _text.Length == 0;

    /// <summary>Whether every name this filter matches is also matched by <paramref name="wider"/> (plain text that
    /// contains the other's text), so its rows can be picked from the wider filter's rows.</summary>
    public bool Narrows(RowFilter wider) =>
        wider.IsEmpty || (!IsGlob && !wider.IsGlob && _text.Contains(wider._text, StringComparison.OrdinalIgnoreCase));

    private bool IsGlob => _simpleGlob || _glob is not null;

    public bool Matches(string name)
    {
        if (IsEmpty)
        {
            return true;
        }

        if (_simpleGlob)
        {
            return _literal is { } literal
                ? _literalAt switch
                {
                    LiteralAt.Start => name.StartsWith(literal, StringComparison.OrdinalIgnoreCase),
                    LiteralAt.End => name.EndsWith(literal, StringComparison.OrdinalIgnoreCase),
                    _ => name.Contains(literal, StringComparison.OrdinalIgnoreCase),
                }
                : FileSystemName.MatchesSimpleExpression(_text, name, ignoreCase: true);
        }

        return _glob is not null
            ? _glob.IsMatch(name)
            : name.Contains(_text, StringComparison.OrdinalIgnoreCase);
    }

    private enum LiteralAt
    {
        Anywhere,
        Start,
        End,
    }
}

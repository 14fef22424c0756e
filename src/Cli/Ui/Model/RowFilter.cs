using System.Text.RegularExpressions;

namespace Instr.Cli.Ui.Model;

/// <summary>
/// The `/` filter: plain text matches as a case-insensitive substring of the method name; text with `*` or `?`
/// is a case-insensitive glob over the whole name (so `*ModuleA:Func*` works like the patch grammar).
/// </summary>
internal sealed class RowFilter
{
    private readonly string _text;
    private readonly Regex? _glob;

    public RowFilter(string? text)
    {
        _text = (text ?? "").Trim();
        if (_text.IndexOfAny(['*', '?']) >= 0)
        {
            var pattern = "^" + Regex.Escape(_text).Replace(@"\*", ".*", StringComparison.Ordinal)
                .Replace(@"\?", ".", StringComparison.Ordinal) + "$";
            _glob = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
    }

    public string Text => _text;

    public bool IsEmpty => _text.Length == 0;

    public bool Matches(string name)
    {
        if (IsEmpty)
        {
            return true;
        }

        return _glob is not null
            ? _glob.IsMatch(name)
            : name.Contains(_text, StringComparison.OrdinalIgnoreCase);
    }
}

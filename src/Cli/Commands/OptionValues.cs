using System.CommandLine.Parsing;
using System.Globalization;

namespace Instr.Cli.Commands;

internal static class OptionValues
{
    /// <summary>
    /// The integer the user typed, for range validators. Validators also run when the token is not a number (the
    /// parser reports that itself), and reading the value then would throw, so this returns null instead.
    /// </summary>
    public static int? IntToken(OptionResult result) =>
        result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}

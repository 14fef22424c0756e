using System.Globalization;
using System.Text.RegularExpressions;

namespace Instr.Cli.Commands;

/// <summary>Durations as people write them for a lease: 90s, 10m, 1h30m, 2d (units ms, s, m, h, d; no unit = seconds).</summary>
internal static partial class Durations
{
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(30);

    /// <summary>The duration, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static TimeSpan? Parse(string text, out string problem)
    {
        problem = "";
        var trimmed = text.Trim();
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            return InRange(TimeSpan.FromSeconds(Math.Min(bareSeconds, (long)Maximum.TotalSeconds + 1)), text, out problem);
        }

        var parts = Part().Matches(trimmed);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != trimmed)
        {
            problem = $"'{text}' is not a duration (e.g. 30s, 10m, 1h30m, 2d)";
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match part in parts)
        {
            if (!double.TryParse(part.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 1e6)
            {
                problem = $"'{text}' is too long a duration (at most 30d)";
                return null;
            }

            total += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        return InRange(total, text, out problem);
    }

    private static TimeSpan? InRange(TimeSpan value, string text, out string problem)
    {
        problem = value < Minimum || value > Maximum ? $"'{text}' is out of range (a lease lasts from 1s to 30d)" : "";
        return problem.Length == 0 ? value : null;
    }

    [GeneratedRegex(@"(\d+)(ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}

using System.Globalization;

namespace Instr.Benchmarks.Summary;

/// <summary>
/// The scale targets the product promises (issue 11), printed next to the measured figures: "≤ 2 ok" or "≤ 2 MISSED".
/// The keys are those of a full 10,000-method (watch) or 100,000-method (ui) run; a run that patched another number has other keys and no targets.
/// </summary>
internal static class ScaleTargets
{
    private static readonly Dictionary<string, double> AtMost = new(StringComparer.Ordinal)
    {
        ["watch_10k_cpu_percent"] = 2,
        ["watch_10k_bytes_per_s"] = 200_000,
        ["patch_10k_ms"] = 1000,
        ["patch_10k_quiet_s"] = 2,
        ["rss_overhead_mb"] = 25,
        ["startup_overhead_ms"] = 30,
        ["ui_100k_key_ms_p50"] = 100,
        ["ui_100k_key_ms_max"] = 100,
    };

    public static string Describe(string key, double value) =>
        AtMost.TryGetValue(key, out var limit)
            ? string.Create(CultureInfo.InvariantCulture, $"≤ {limit:0.##} {(value <= limit ? "ok" : "MISSED")}")
            : "";
}

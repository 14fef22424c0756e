using System.Text.Json;

namespace Instr.IntegrationTests.EndToEnd;

/// <summary>The coverage fields of product.md as every JSON shape carries them (patch entries, watch methods, exit
/// report): <c>coverage</c> is "complete" or "partial", <c>coverage_reason</c> is there exactly when partial, and a watch
/// row's <c>status</c> says the same as its <c>coverage</c>.</summary>
internal static class CoverageFields
{
    /// <summary>Asserts the shape and returns (coverage, reason or null).</summary>
    public static (string Coverage, string? Reason) Read(JsonElement entry)
    {
        Assert.True(entry.TryGetProperty("coverage", out var coverage), $"no coverage in {entry}");
        var value = coverage.GetString();
        Assert.True(value is "complete" or "partial", $"coverage is '{value}' in {entry}");
        var hasReason = entry.TryGetProperty("coverage_reason", out var reason);
        Assert.True(hasReason == (value == "partial"), $"coverage_reason must be present exactly when partial: {entry}");
        if (hasReason)
        {
            Assert.False(string.IsNullOrWhiteSpace(reason.GetString()), $"empty coverage_reason in {entry}");
        }

        if (entry.TryGetProperty("status", out var status))
        {
            Assert.Equal(value == "partial" ? "patched, partial coverage" : "patched", status.GetString());
        }

        return (value!, hasReason ? reason.GetString() : null);
    }
}

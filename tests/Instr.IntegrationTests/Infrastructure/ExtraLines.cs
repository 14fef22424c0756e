namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// Compares a run's stderr with the baseline's when exactly one extra line is allowed (the agent's "instr agent: ..."
/// failure line), which may land anywhere between the app's own lines.
/// </summary>
public static class ExtraLines
{
    /// <summary>The one line <paramref name="actual"/> has beyond <paramref name="baseline"/>; fails unless everything else is identical.</summary>
    public static string Single(string baseline, string actual)
    {
        var expected = Lines(baseline);
        var remaining = Lines(actual);
        foreach (var line in expected)
        {
            Assert.True(remaining.Remove(line), $"baseline line missing: '{line}'\n--- actual\n{actual}");
        }

        Assert.True(remaining.Count == 1, $"expected exactly one extra line, got {remaining.Count}\n--- actual\n{actual}");
        Assert.Equal(baseline.Length + remaining[0].Length + 1, actual.Length);
        return remaining[0];
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n').SkipLast(1)]; // every line ends with '\n'; the empty tail is not a line
}

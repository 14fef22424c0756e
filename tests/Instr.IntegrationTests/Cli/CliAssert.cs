using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Cli;

internal static class CliAssert
{
    /// <summary>The command failed with <paramref name="exitCode"/> and exactly one `instr: ...` line on stderr, no stack trace.</summary>
    public static string FailsWithOneLine(CommandResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}: {result}");
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line: {result}");
        Assert.StartsWith("instr: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        return lines[0];
    }

    public static void Succeeds(CommandResult result) => Assert.True(result.ExitCode == 0, $"expected exit 0: {result}");
}

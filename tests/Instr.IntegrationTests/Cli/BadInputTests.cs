using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Cli;

/// <summary>Bad patterns end to end: the documented exit code, one line on stderr, and the target keeps running.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BadInputTests
{
    public static TheoryData<string, string, int> Cases => new()
    {
        { "empty", string.Empty, 2 },
        { "blank", "   ", 2 },
        { "malformed", "a::b((", 2 },
        { "empty type", ":M", 2 },
        { "100 KB", "N." + new string('x', 100 * 1024) + ":M", 2 },
        { "unicode, no match", "Ünïcødé.Тип:Метод", 3 },
        { "no match", "SampleTarget.Modules.NoSuchModule:Nothing", 3 },
        // Abstract: nothing to patch. Every case passes --all (exact framework type names need none; it changes no verdict).
        { "only refused", "System.IO.Stream:Flush()", 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Patch_with_bad_pattern_gives_documented_exit_code_and_target_keeps_running(string what, string pattern, int exitCode)
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartSampleTargetAsync(sandbox);

        var result = await sandbox.RunInstrAsync("patch", pattern, "--all");

        Assert.True(result.ExitCode == exitCode, $"{what}: {result}");
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("instr: ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.False(app.HasExited, what);
        CliAssert.Succeeds(await sandbox.RunInstrAsync("ps"));
    }

    [Fact]
    public async Task Only_refused_matches_print_every_reason_then_exit_4()
    {
        using var sandbox = new TestSandbox();
        await CliApps.StartSampleTargetAsync(sandbox);

        var result = await sandbox.RunInstrAsync("patch", "System.Math:Sqrt", "--all", "--json");

        Assert.Equal(4, result.ExitCode);
        var root = System.Text.Json.JsonDocument.Parse(result.StandardOutput).RootElement;
        Assert.Equal(0, root.GetProperty("patched").GetArrayLength());
        var skipped = Assert.Single(root.GetProperty("skipped").EnumerateArray());
        Assert.False(string.IsNullOrWhiteSpace(skipped.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData("list", "a::b((", 2)]
    [InlineData("list", "Ünïcødé.Тип:Метод", 3)]
    [InlineData("unpatch", "SampleTarget.Modules.ModuleA:FuncA1", 3)]
    public async Task Other_verbs_map_bad_patterns_the_same_way(string verb, string pattern, int exitCode)
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartSampleTargetAsync(sandbox);

        CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync(verb, pattern), exitCode);
        Assert.False(app.HasExited);
    }
}

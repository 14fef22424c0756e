using System.Text.Json;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Cli;

/// <summary>
/// Coverage as data, end to end: what the engine knows about the calls a patch misses reaches `patch --json`, the
/// plain `patch` output and `watch --json` as the same structured fields (never as note text to parse), and a dry run,
/// which patches nothing, has none.
/// </summary>
[Collection(EndToEndCollection.SecondLane)]
public sealed class CoverageTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";
    private const string FuncB1 = "SampleTarget.Modules.ModuleB:FuncB1(System.Int64, System.Int64)";

    [Fact]
    public async Task Patch_and_watch_carry_the_same_coverage_fields_and_a_dry_run_none()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartSampleTargetAsync(sandbox);

        var dryRun = await sandbox.RunInstrAsync("patch", FuncA1, "--dry-run", "--json");
        CliAssert.Succeeds(dryRun);
        var planned = Assert.Single(JsonDocument.Parse(dryRun.StandardOutput).RootElement.GetProperty("patched").EnumerateArray());
        Assert.False(planned.TryGetProperty("coverage", out _), dryRun.StandardOutput);
        Assert.False(planned.TryGetProperty("coverage_reason", out _), dryRun.StandardOutput);

        var patch = await sandbox.RunInstrAsync("patch", FuncA1, "--json");
        CliAssert.Succeeds(patch);
        var entry = Assert.Single(JsonDocument.Parse(patch.StandardOutput).RootElement.GetProperty("patched").EnumerateArray());
        Assert.Equal(["name", "notes", "coverage"], entry.EnumerateObject().Select(p => p.Name).Where(n => n != "coverage_reason"));
        var (coverage, reason) = CoverageFields.Read(entry);
        output.WriteLine($"patch --json: {coverage} {reason}");

        var plain = await sandbox.RunInstrAsync("patch", FuncB1);
        CliAssert.Succeeds(plain);
        var lines = plain.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"patched\t{FuncB1}", lines[0]);
        var coverageLines = lines.Where(l => l.StartsWith("  coverage: ", StringComparison.Ordinal)).ToArray();
        Assert.True(coverageLines.Length <= 1, plain.StandardOutput);
        if (coverageLines.Length == 1)
        {
            // Right under the method line, before its notes.
            Assert.Equal(coverageLines[0], lines[1]);
            Assert.StartsWith("  coverage: partial — ", coverageLines[0], StringComparison.Ordinal);
            Assert.True(coverageLines[0].Length > "  coverage: partial — ".Length, plain.StandardOutput);
        }

        using var watch = await WatchOnceAsync(sandbox);
        var rows = watch.RootElement.GetProperty("methods").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal([FuncA1, FuncB1], rows.Keys.Order(StringComparer.Ordinal));
        foreach (var row in rows.Values)
        {
            var (rowCoverage, rowReason) = CoverageFields.Read(row);
            output.WriteLine($"watch --json {row.GetProperty("name").GetString()}: {rowCoverage} {rowReason}");
        }

        var (b1Coverage, b1Reason) = CoverageFields.Read(rows[FuncB1]);
        if (b1Coverage == "partial" && coverageLines.Length == 1)
        {
            Assert.Equal($"  coverage: partial — {b1Reason}", coverageLines[0]);
        }

        Assert.False(app.HasExited);
    }

    private static async Task<JsonDocument> WatchOnceAsync(TestSandbox sandbox)
    {
        var result = await sandbox.RunInstrAsync("watch", "--json", "--once");
        CliAssert.Succeeds(result);
        return JsonDocument.Parse(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single());
    }
}

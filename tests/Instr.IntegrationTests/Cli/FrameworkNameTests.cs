using System.Text.Json;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Cli;

/// <summary>product.md, "Framework methods": an exact type name reaches framework types without --all; a glob over
/// types needs --all, and the "nothing matched" message says so only for a glob.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class FrameworkNameTests
{
    // SampleTarget calls Random.Next(int) on every iteration of its loop, so the method is loaded and compiled.
    private const string RandomNext = "System.Random:Next(System.Int32)";

    [Fact]
    public async Task Exact_framework_type_names_list_and_patch_without_all_and_globs_need_it()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartSampleTargetAsync(sandbox);

        var list = await sandbox.RunInstrAsync("list", "System.String:IsNullOrEmpty", "--json");
        CliAssert.Succeeds(list);
        var row = Assert.Single(JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray());
        Assert.Equal("System.String:IsNullOrEmpty(System.String)", row.GetProperty("name").GetString());
        Assert.Equal("System.Private.CoreLib", row.GetProperty("assembly").GetString());

        var patch = await sandbox.RunInstrAsync("patch", RandomNext, "--json");
        CliAssert.Succeeds(patch);
        var patched = Assert.Single(JsonDocument.Parse(patch.StandardOutput).RootElement.GetProperty("patched").EnumerateArray());
        Assert.Equal(RandomNext, patched.GetProperty("name").GetString());

        var unpatch = await sandbox.RunInstrAsync("unpatch", RandomNext, "--json");
        CliAssert.Succeeds(unpatch);
        Assert.Equal(RandomNext, Assert.Single(JsonDocument.Parse(unpatch.StandardOutput).RootElement.GetProperty("unpatched").EnumerateArray()).GetProperty("name").GetString());

        var glob = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("list", "System.Strin?:IsNullOrEmpty"), 3);
        Assert.Contains("--all", glob, StringComparison.Ordinal);
        var globWithAll = await sandbox.RunInstrAsync("list", "System.Strin?:IsNullOrEmpty", "--all", "--json");
        CliAssert.Succeeds(globWithAll);
        Assert.Equal("System.String:IsNullOrEmpty(System.String)", Assert.Single(JsonDocument.Parse(globWithAll.StandardOutput).RootElement.EnumerateArray()).GetProperty("name").GetString());

        // An exact name that matches nothing has nothing more to find with --all: no hint.
        var missing = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("patch", "System.String:NoSuchMethod"), 3);
        Assert.DoesNotContain("--all", missing, StringComparison.Ordinal);
        Assert.False(app.HasExited);
    }
}

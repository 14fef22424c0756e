using System.Text.Json;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Cli;

/// <summary>list / patch / watch / unpatch through the real CLI against SampleTarget, and their exit codes.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PatchWatchTests
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";

    [Fact]
    public async Task List_json_shows_canonical_names_with_assembly_and_patch_state()
    {
        using var sandbox = new TestSandbox();
        await CliApps.StartSampleTargetAsync(sandbox);

        var result = await sandbox.RunInstrAsync("list", "SampleTarget.Modules.ModuleA:*", "--json");

        CliAssert.Succeeds(result);
        var rows = JsonDocument.Parse(result.StandardOutput).RootElement.EnumerateArray().ToArray();
        var row = Assert.Single(rows, r => r.GetProperty("name").GetString() == FuncA1);
        Assert.Equal("SampleTarget", row.GetProperty("assembly").GetString());
        Assert.False(row.GetProperty("patched").GetBoolean());
        Assert.Equal(0, row.GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task Patch_then_watch_counts_then_unpatch_restores()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartSampleTargetAsync(sandbox);

        var patch = await sandbox.RunInstrAsync("patch", "SampleTarget.Modules.ModuleA:FuncA1", "--json");
        CliAssert.Succeeds(patch);
        var patched = JsonDocument.Parse(patch.StandardOutput).RootElement.GetProperty("patched");
        Assert.Equal(FuncA1, Assert.Single(patched.EnumerateArray()).GetProperty("name").GetString());

        var watch = await sandbox.RunInstrAsync("watch", "--json", "--count", "2", "--interval", "200");
        CliAssert.Succeeds(watch);
        var lines = watch.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var counts = lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Select(s =>
            {
                Assert.Equal(app.Pid, s.GetProperty("pid").GetInt32());
                var method = Assert.Single(s.GetProperty("methods").EnumerateArray());
                Assert.Equal(FuncA1, method.GetProperty("name").GetString());
                return method.GetProperty("calls").GetInt64();
            })
            .ToArray();
        Assert.True(counts[1] >= counts[0], $"calls must be monotonic: {counts[0]} then {counts[1]}");

        var listed = await sandbox.RunInstrAsync("list", "SampleTarget.Modules.ModuleA:FuncA1", "--json");
        Assert.True(Assert.Single(JsonDocument.Parse(listed.StandardOutput).RootElement.EnumerateArray()).GetProperty("patched").GetBoolean());

        var unpatch = await sandbox.RunInstrAsync("unpatch", "--all", "--json");
        CliAssert.Succeeds(unpatch);
        Assert.Equal(FuncA1, Assert.Single(JsonDocument.Parse(unpatch.StandardOutput).RootElement.GetProperty("unpatched").EnumerateArray()).GetProperty("name").GetString());

        var after = await sandbox.RunInstrAsync("watch", "--json", "--once");
        CliAssert.Succeeds(after);
        Assert.Equal(0, JsonDocument.Parse(after.StandardOutput).RootElement.GetProperty("methods").GetArrayLength());
        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task Plain_watch_prints_tab_separated_lines_when_piped()
    {
        using var sandbox = new TestSandbox();
        await CliApps.StartSampleTargetAsync(sandbox);
        CliAssert.Succeeds(await sandbox.RunInstrAsync("patch", "SampleTarget.Modules.ModuleA:FuncA1"));

        var watch = await sandbox.RunInstrAsync("watch", "--once");

        CliAssert.Succeeds(watch);
        var fields = Assert.Single(watch.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split('\t');
        Assert.Equal(FuncA1, fields[1]);
        Assert.True(long.TryParse(fields[2], out _), watch.ToString());
        Assert.DoesNotContain("\u001b[", watch.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_plans_without_patching()
    {
        using var sandbox = new TestSandbox();
        await CliApps.StartSampleTargetAsync(sandbox);

        var dry = await sandbox.RunInstrAsync("patch", "SampleTarget.Modules.ModuleA:FuncA1", "--dry-run");

        CliAssert.Succeeds(dry);
        Assert.StartsWith($"would patch\t{FuncA1}", dry.StandardOutput, StringComparison.Ordinal);
        var ps = await sandbox.RunInstrAsync("ps", "--json");
        Assert.Equal(0, Assert.Single(PsJson.Agents(ps.StandardOutput)).GetProperty("patched").GetInt32());
    }

    [Fact]
    public async Task Watch_ends_with_0_when_the_app_exits()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartSampleTargetAsync(sandbox);
        var watch = sandbox.Start(RepoLayout.InstrExecutable, ["watch", "--json", "--interval", "100"], withAgent: false);
        await watch.WaitForOutputAsync("\"pid\"");

        Assert.True(app.Signal(Signals.SigTerm));

        var code = await watch.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"exit {code}, stderr: {watch.StandardError}");
        Assert.Contains($"process {app.Pid} exited", watch.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ends_with_130_on_sigint()
    {
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartSampleTargetAsync(sandbox);
        var watch = sandbox.Start(RepoLayout.InstrExecutable, ["watch", "--json", "--interval", "100"], withAgent: false);
        await watch.WaitForOutputAsync("\"pid\"");

        Assert.True(watch.Signal(Signals.SigInt));

        var code = await watch.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 130, $"exit {code}, stderr: {watch.StandardError}");
        Assert.Equal(string.Empty, watch.StandardError);
        Assert.False(app.HasExited);
    }
}

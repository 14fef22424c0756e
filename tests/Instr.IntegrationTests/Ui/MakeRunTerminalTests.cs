using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Ui;

/// <summary>
/// `make run`'s first screen, in a real terminal: what `make run` starts after building (scripts/run-demo.sh) shows
/// the seed's dashboard — SampleTarget.Modules.* first, their own counts (SampleTarget's Meter) moving before anything
/// is patched; `i` + a name + Enter patches, and instr's count grows next to the app's; `q` quits and stops SampleTarget.
/// </summary>
[Collection(DashboardTerminalCollection.Name)]
public sealed class MakeRunTerminalTests
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";
    private static readonly TimeSpan FirstScreenTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Make_runs_first_screen_is_the_seeds_dashboard_with_app_counts_then_patch_and_quit()
    {
        Assert.True(TmuxSession.IsAvailable, "tmux is needed (make deps installs it)");
        RepoLayout.SampleTarget.ToString(); // built by make build
        using var sandbox = new TestSandbox();
        using var tmux = TmuxSession.Start(sandbox.Root, sandbox.Environment(withAgent: false),
            ["bash", Path.Combine(RepoLayout.Root, "scripts", "run-demo.sh")], width: 140, height: 34);

        // Module rows first (each as soon as the app has counted it), with the app's own counts before any patch.
        var first = await tmux.WaitForScreenAsync(
            s => SeedDashboardScreen.FindRow(s, FuncA1)?.AppCalls > 0 && SeedDashboardScreen.RowNames(s) is { Count: > 20 } names
                && names.Take(20).All(n => n.StartsWith("SampleTarget.Modules.", StringComparison.Ordinal)),
            "the dashboard listing SampleTarget.Modules.* first, with SampleTarget's own count of FuncA1", FirstScreenTimeout);
        var pid = SeedDashboardScreen.TitlePid(first) ?? throw new Xunit.Sdk.XunitException($"no pid in the title:\n{first}");
        Assert.Null(SeedDashboardScreen.FindRow(first, FuncA1)!.Instrumented);
        var appBefore = SeedDashboardScreen.FindRow(first, FuncA1)!.AppCalls!.Value;
        await tmux.WaitForScreenAsync(s => SeedDashboardScreen.FindRow(s, FuncA1)?.AppCalls > appBefore,
            "SampleTarget's own count of FuncA1 growing before any patch");

        tmux.Press("i");
        tmux.Type("SampleTarget.Modules.ModuleA:FuncA1");
        tmux.Press("Enter");
        string patched;
        try
        {
            patched = await tmux.WaitForScreenAsync(
                s => SeedDashboardScreen.FindRow(s, FuncA1) is { Instrumented: > 0 } row && row.Status.Contains("✓ patched", StringComparison.Ordinal),
                "FuncA1 patched with instr's count next to the app's");
        }
        catch (TimeoutException e)
        {
            // run-demo.sh keeps SampleTarget's output (and any crash report) in a file in the sandbox's TMPDIR.
            var logs = Directory.EnumerateFiles(sandbox.TempDirectory, "instr-demo-sampletarget.*").Select(File.ReadAllText);
            throw new TimeoutException($"{e.Message}\nSampleTarget's output:\n{string.Join("\n", logs)}", e);
        }

        var instrumented = SeedDashboardScreen.FindRow(patched, FuncA1)!;
        Assert.True(instrumented.AppCalls >= instrumented.Instrumented, $"the app counted since start, instr since the patch: {instrumented}");
        await tmux.WaitForScreenAsync(
            s => SeedDashboardScreen.FindRow(s, FuncA1)?.Instrumented > instrumented.Instrumented,
            "instr's count of FuncA1 growing");

        tmux.Press("q");
        Assert.Equal(0, await tmux.WaitForExitCodeAsync(TimeSpan.FromSeconds(60)));
        await tmux.WaitForScreenAsync(s => s.Contains($"SampleTarget (pid {pid}) stopped", StringComparison.Ordinal), "the script saying SampleTarget stopped");
        await Poll.UntilAsync(() => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), () => $"SampleTarget (pid {pid}) still runs after q");
    }
}

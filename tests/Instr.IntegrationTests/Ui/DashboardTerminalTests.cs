using System.Globalization;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Ui;

/// <summary>
/// Drives `instr ui` in a real terminal (tmux): keys in with send-keys, the screen out with capture-pane, every
/// assertion polled with a bound. The app is the real SampleTarget with the real agent.
/// </summary>
[Collection(DashboardTerminalCollection.Name)]
public class DashboardTerminalTests
{
    private const string FuncA1 = DashboardFixture.FuncA1;
    private const string EscapeHint = "Esc leaves the patch or filter input; q quits";

    [Fact]
    public async Task Dashboard_lists_methods_filters_live_ignores_esc_on_the_table_and_quits_on_ctrl_c()
    {
        using var ui = await DashboardFixture.StartAsync();
        await ui.WaitForTableAsync();
        await ui.Tmux.WaitForScreenAsync(
            s => s.Contains("methods of SampleTarget", StringComparison.Ordinal) && s.Contains("q quit", StringComparison.Ordinal),
            "the method count on the status line and the keys help");
        Assert.Equal("1", ui.Tmux.PaneFormat("#{alternate_on}"));

        // `/` focuses the filter; typing narrows the rows live.
        ui.Tmux.Press("/");
        ui.Tmux.Type("ModuleB");
        await WaitForOnlyRowsOfAsync(ui, "ModuleB");

        // Esc leaves the filter (kept); Esc on the table must not quit (Terminal.Gui's default) but show a hint.
        // Two quick Esc can reach the app as one Alt+Esc, so press until the hint shows (bounded).
        await PressUntilAsync(ui, "Escape", s => s.Contains(EscapeHint, StringComparison.Ordinal), "the Esc hint of the table");
        await WaitForOnlyRowsOfAsync(ui, "ModuleB"); // the filter is kept
        ui.Tmux.Press("/");
        ui.Tmux.Press("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace");
        ui.Tmux.Type("ModuleC");
        await WaitForOnlyRowsOfAsync(ui, "ModuleC");
        await PressUntilAsync(ui, "Escape", s => s.Contains(EscapeHint, StringComparison.Ordinal), "the Esc hint of the table");

        await AssertQuitsCleanlyAsync(ui, quitKey: "C-c");
    }

    [Fact]
    public async Task Dashboard_patches_by_name_shows_growing_counts_and_unpatches_the_selected_row()
    {
        using var ui = await DashboardFixture.StartAsync();
        await ui.WaitForTableAsync();

        ui.Tmux.Press("i");
        ui.Tmux.Type(FuncA1);
        ui.Tmux.Press("Enter");
        // The row can turn ✓ from a Watch snapshot before the patch reply lands on the status line: wait for both.
        await ui.Tmux.WaitForScreenAsync(
            s => DashboardScreen.FindRow(s, FuncA1) is { } row && row.Status.Contains("✓ patched", StringComparison.Ordinal)
                && s.Contains($"patched {FuncA1}", StringComparison.Ordinal),
            $"{FuncA1} marked ✓ patched and the patch result on the status line");

        // Two increasing readings of the calls cell, as the live counts arrive.
        var first = await ReadCallsAsync(ui, atLeast: 1);
        var second = await ReadCallsAsync(ui, atLeast: first + 1);
        Assert.True(second > first, $"{second} > {first}");

        // After patching, the patched row is selected: `u` unpatches it.
        ui.Tmux.Press("u");
        var screen = await ui.Tmux.WaitForScreenAsync(
            s => DashboardScreen.FindRow(s, FuncA1) is { } row && row.Status.StartsWith("unpatched", StringComparison.Ordinal)
                && s.Contains($"unpatched {FuncA1}", StringComparison.Ordinal),
            $"{FuncA1} marked unpatched and the unpatch result on the status line");

        // The final count stays on screen, at least the last live reading.
        var final = DashboardScreen.FindRow(screen, FuncA1)!.CallCount;
        Assert.True(final >= second, $"final count {final} >= last live reading {second}");

        await AssertQuitsCleanlyAsync(ui);
        Assert.False(ui.App.HasExited, "quitting the dashboard must not stop the app");
    }

    [Fact]
    public async Task Dashboard_says_when_the_app_exits_and_q_still_quits()
    {
        using var ui = await DashboardFixture.StartAsync();
        await ui.WaitForTableAsync();

        Assert.True(ui.App.Signal(Signals.SigTerm), "SIGTERM to SampleTarget");
        await ui.Tmux.WaitForScreenAsync(
            s => s.Contains($"process {ui.App.Pid} has exited", StringComparison.Ordinal),
            "the notice that the app exited");

        await AssertQuitsCleanlyAsync(ui);
    }

    [Fact]
    public async Task Ui_without_a_terminal_exits_2_with_one_line()
    {
        using var sandbox = new TestSandbox();
        var app = sandbox.StartApp(RepoLayout.SampleTarget, withAgent: true);
        await sandbox.WaitForAgentSocketAsync(app);

        var result = await sandbox.RunInstrAsync("ui", "-p", app.Pid.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("instr ui needs an interactive terminal", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.False(app.HasExited);
    }

    private static async Task<long> ReadCallsAsync(DashboardFixture ui, long atLeast)
    {
        long calls = 0;
        await ui.Tmux.WaitForScreenAsync(
            s => DashboardScreen.FindRow(s, FuncA1)?.CallCount is { } n && (calls = n) >= atLeast,
            $"a calls count of at least {atLeast} for {FuncA1}");
        return calls;
    }

    private static async Task PressUntilAsync(DashboardFixture ui, string key, Func<string, bool> condition, string what)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            ui.Tmux.Press(key);
            try
            {
                await ui.Tmux.WaitForScreenAsync(condition, what, TimeSpan.FromSeconds(3));
                return;
            }
            catch (TimeoutException) when (attempt < 19)
            {
                // The key went to the field being left; press again.
            }
        }
    }

    private static Task WaitForOnlyRowsOfAsync(DashboardFixture ui, string module) =>
        ui.Tmux.WaitForScreenAsync(
            s => DashboardScreen.HasRow(s, $"SampleTarget.Modules.{module}")
                && !new[] { "ModuleA", "ModuleB", "ModuleC", "ModuleD" }.Any(other => other != module && DashboardScreen.HasRow(s, $"SampleTarget.Modules.{other}"))
                && s.Contains($"matching \"{module}\"", StringComparison.Ordinal),
            $"only {module} rows after filtering on {module}");

    private static async Task AssertQuitsCleanlyAsync(DashboardFixture ui, string quitKey = "q")
    {
        ui.Tmux.Press(quitKey);
        var exitCode = await ui.Tmux.WaitForExitCodeAsync();
        Assert.Equal(0, exitCode);
        Assert.Equal("0", ui.Tmux.PaneFormat("#{alternate_on}"));
        Assert.Equal("1", ui.Tmux.PaneFormat("#{cursor_flag}"));
        Assert.Equal("0", ui.Tmux.PaneFormat("#{mouse_any_flag}"));
        var (before, after) = ui.Tmux.TerminalSettings();
        Assert.Equal(before, after); // raw mode off, echo back: stty as it was
    }
}

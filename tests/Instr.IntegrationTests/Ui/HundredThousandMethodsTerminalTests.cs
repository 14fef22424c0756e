using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Ui;

/// <summary>
/// `instr ui` on an app with 100,000 methods (<see cref="HundredThousandMethodsApp"/>), in a real terminal (tmux): the
/// table holds every method `instr list` knows, the filter on the generated namespace finds exactly as many as the app
/// says it generated, the filter narrows to one exact method, patching that method from the ui and having the app
/// call it N times shows exactly N, and the app's own work goes on with every result right.
/// Not in the serial dashboard collection: it mostly waits on its own sandboxed processes (the app writing its
/// assembly, the ui loading the list), with bounds far above what it needs, so it can run beside other classes.
/// </summary>
public partial class HundredThousandMethodsTerminalTests
{
    private const int Type = 7;
    private const int Method = 42;
    private const int Calls = 1234;

    [Fact]
    public async Task Ui_lists_every_method_filters_to_one_and_counts_its_calls_exactly()
    {
        Assert.True(TmuxSession.IsAvailable, "tmux is not installed: `make deps` (part of `make test`) installs it");
        using var sandbox = new TestSandbox();
        using var app = await HundredThousandMethodsApp.StartAsync(sandbox);
        Assert.Equal(100_000, app.GeneratedMethods);
        var target = HundredThousandMethodsApp.MethodName(Type, Method);

        using var tmux = TmuxSession.Start(sandbox.Root, sandbox.Environment(withAgent: false), [RepoLayout.InstrExecutable, "ui", "-p", app.Pid],
            DashboardFixture.Width, DashboardFixture.Height);
        var listed = await ListedMethodsAsync(sandbox, app);
        var screen = await tmux.WaitForScreenAsync(
            s => s.Contains($"HundredThousandMethodsApp (pid {app.Pid})", StringComparison.Ordinal) && Summary(s) is { Total: var total } && total == listed,
            $"the table with all {listed} methods `instr list` lists", TimeSpan.FromSeconds(120));
        Assert.True(DashboardScreen.HasRow(screen, HundredThousandMethodsApp.Namespace + ".T"), $"generated methods in the table:\n{screen}");

        // Scrolled far down first: the filtered rows must still show (the table once stayed scrolled past them).
        tmux.Press("NPage", "NPage", "NPage", "NPage");
        await tmux.WaitForScreenAsync(s => !DashboardScreen.HasRow(s, HundredThousandMethodsApp.MethodName(0, 0)), "the table scrolled down");

        // The generated namespace: exactly the methods the app generated.
        tmux.Press("/");
        tmux.Type(HundredThousandMethodsApp.Namespace + ".");
        await tmux.WaitForScreenAsync(
            s => Summary(s) is { Shown: var shown, Filter: HundredThousandMethodsApp.Namespace + "." } && shown == app.GeneratedMethods,
            $"{app.GeneratedMethods} methods matching the generated namespace", TimeSpan.FromSeconds(60));

        // One exact method: the rest of its name narrows the 100,000 to one row.
        tmux.Type(target[(HundredThousandMethodsApp.Namespace.Length + 1)..]);
        await tmux.WaitForScreenAsync(
            s => Summary(s) is { Shown: 1, Filter: var filter } && filter == target && DashboardScreen.HasRow(s, target),
            $"only {target}", TimeSpan.FromSeconds(60));
        tmux.Press("Enter"); // back to the table; the filter stays
        tmux.Press("Down"); // on the one row left (the cursor was far below it)
        await tmux.WaitForScreenAsync(s => DashboardScreen.HasRow(s, target) && !s.Contains("type to filter", StringComparison.Ordinal),
            $"{target}, the one row left, still on screen with the table focused", TimeSpan.FromSeconds(60));

        tmux.Press("i");
        tmux.Type(target);
        tmux.Press("Enter");
        await tmux.WaitForScreenAsync(
            s => DashboardScreen.FindRow(s, target) is { Status: var status } && status.StartsWith("✓ patched", StringComparison.Ordinal)
                && s.Contains($"patched {target}", StringComparison.Ordinal),
            $"{target} ✓ patched and the patch result on the status line", TimeSpan.FromSeconds(60));
        Assert.Equal(0, DashboardScreen.FindRow(tmux.Capture(), target)!.CallCount);

        var (roundsBefore, _) = await app.WorkAsync();
        await app.CallAsync(Type, Method, Calls);
        await tmux.WaitForScreenAsync(
            s => DashboardScreen.FindRow(s, target)?.CallCount == Calls,
            $"exactly {Calls} calls of {target}", TimeSpan.FromSeconds(60));

        // The app's own work goes on, every result right, while its methods are listed and one of them is patched.
        var (roundsAfter, wrong) = await app.WorkAsync();
        Assert.Equal(0, wrong);
        Assert.True(roundsAfter > roundsBefore, $"the app's own work stopped at {roundsBefore} rounds");

        // The count stays exact: no call was counted twice or late.
        Assert.Equal(Calls, DashboardScreen.FindRow(tmux.Capture(), target)!.CallCount);
        tmux.Press("q");
        Assert.Equal(0, await tmux.WaitForExitCodeAsync());
        Assert.False(app.App.HasExited, "quitting the dashboard must not stop the app");
    }

    /// <summary>How many methods `instr list --json` lists for the app (what the ui's table must hold).</summary>
    private static async Task<int> ListedMethodsAsync(TestSandbox sandbox, HundredThousandMethodsApp app)
    {
        var result = await sandbox.RunInstrAsync(["list", "-p", app.Pid, "--json"], TimeSpan.FromSeconds(120));
        Assert.True(result.ExitCode == 0, $"instr list exited {result.ExitCode}: {result.StandardError}");
        using var document = JsonDocument.Parse(result.StandardOutput);
        var methods = document.RootElement.EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(app.GeneratedMethods, methods.Count(m => m.StartsWith(HundredThousandMethodsApp.Namespace + ".", StringComparison.Ordinal)));
        return methods.Length;
    }

    /// <summary>The status line's "N of M methods[ matching "F"]"; null before it shows.</summary>
    private static (int Shown, int Total, string Filter)? Summary(string screen) =>
        SummaryLine().Match(screen) is { Success: true } m
            ? (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value)
            : null;

    [GeneratedRegex("""(\d+) of (\d+) methods(?: matching "([^"]*)")?""")]
    private static partial Regex SummaryLine();
}

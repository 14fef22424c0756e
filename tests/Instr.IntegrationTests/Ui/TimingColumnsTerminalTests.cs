using System.Globalization;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Ui;

/// <summary>
/// `instr ui` with the timing probe in a real terminal (tmux): `t` + pattern + Enter patches with timing, the table
/// grows p50 | p99 | max | exceptions columns, and after the app made its calls they show durations in readable units
/// and the exact number of exceptions. The app is PlainConsoleApp's timed mode (<see cref="TimedCallsApp"/>): the
/// calls happen only after the patch, so every one of them is counted.
/// </summary>
[Collection(DashboardTerminalCollection.Name)]
public class TimingColumnsTerminalTests
{
    [Fact]
    public async Task T_patches_with_timing_and_the_table_shows_durations_and_the_exact_exceptions()
    {
        Assert.True(TmuxSession.IsAvailable, "tmux is not installed: `make deps` (part of `make test`) installs it");
        using var sandbox = new TestSandbox();
        using var app = await TimedCallsApp.StartAsync(sandbox);
        using var tmux = TmuxSession.Start(sandbox.Root, sandbox.Environment(withAgent: false), [RepoLayout.InstrExecutable, "ui", "-p", app.Pid],
            DashboardFixture.Width, DashboardFixture.Height);
        await tmux.WaitForScreenAsync(
            s => s.Contains($"PlainConsoleApp (pid {app.Pid})", StringComparison.Ordinal) && DashboardScreen.HasRow(s, "PlainConsoleApp.Timed:Fail")
                && s.Contains("t patch timed", StringComparison.Ordinal),
            "the table of PlainConsoleApp's methods and `t` in the keys help");
        Assert.DoesNotContain("exceptions", TableHeader(tmux.Capture()), StringComparison.Ordinal);

        tmux.Press("t");
        await tmux.WaitForScreenAsync(s => s.Contains("timing t", StringComparison.Ordinal), "the input labelled for timing");
        tmux.Type(TimedCallsApp.Pattern);
        tmux.Press("Enter");
        await tmux.WaitForScreenAsync(
            s => s.Contains($"patched 3 methods matching {TimedCallsApp.Pattern}", StringComparison.Ordinal)
                && TimingCells(s, TimedCallsApp.Fail) is { } fail && fail.Status.StartsWith("✓ patched", StringComparison.Ordinal),
            "the timing columns and the Timed methods patched");

        await app.RunAsync();
        var screen = await tmux.WaitForScreenAsync(
            s => TimingCells(s, TimedCallsApp.Fail) is { Calls: var calls, Exceptions: var exceptions }
                && calls == app.Calls.ToString(CultureInfo.InvariantCulture) && exceptions == app.Exceptions.ToString(CultureInfo.InvariantCulture)
                && TimingCells(s, TimedCallsApp.Sleep) is { Calls: var sleeps, Exceptions: "0" } && sleeps == app.Calls.ToString(CultureInfo.InvariantCulture)
                && TimingCells(s, TimedCallsApp.Run) is { Calls: "1", Max: not "-" },
            $"{app.Calls} calls of Fail with exactly {app.Exceptions} exceptions, {app.Calls} calls of Sleep with none, " +
            "and the duration of Run's one call (it ended after every other call: no later call brings it)");

        // Sleep's calls take 2 ms or 8 ms (never less): its durations read in ms (or s if the machine is very slow).
        var sleep = TimingCells(screen, TimedCallsApp.Sleep)!;
        foreach (var duration in new[] { sleep.P50, sleep.P99, sleep.Max })
        {
            Assert.Matches(@"^\d+(\.\d+)? (ms|s)$", duration);
        }

        Assert.True(Milliseconds(sleep.P50) >= 1.9, $"p50 of sleeps of 2 ms and 8 ms: {sleep.P50}");
        Assert.True(Milliseconds(sleep.Max) >= 7.8, $"max of sleeps of up to 8 ms: {sleep.Max}");
        Assert.Matches(@"^\d+(\.\d+)? (µs|ms|s)$", TimingCells(screen, TimedCallsApp.Fail)!.P50);
        var run = TimingCells(screen, TimedCallsApp.Run)!;
        Assert.True(Milliseconds(run.Max) >= app.Calls * 2 * 0.98, $"Run made {app.Calls} calls that sleep at least 2 ms each: {run.Max}");

        tmux.Press("q");
        Assert.Equal(0, await tmux.WaitForExitCodeAsync());
        Assert.False(app.App.HasExited, "quitting the dashboard must not stop the app");
    }

    private static string TableHeader(string screen) =>
        screen.Split('\n').FirstOrDefault(l => l.Contains("name", StringComparison.Ordinal) && l.Contains("status", StringComparison.Ordinal)) ?? "";

    /// <summary>The row of <paramref name="name"/>, its cells found by the header's column names; null until the
    /// timing columns and the row are on screen.</summary>
    private static TimingRow? TimingCells(string screen, string name)
    {
        var header = Cells(TableHeader(screen));
        var row = screen.Split('\n').Select(Cells).FirstOrDefault(c => c.Any(cell => cell.StartsWith(name, StringComparison.Ordinal)));
        if (row is null || row.Length != header.Length || !header.Contains("exceptions"))
        {
            return null;
        }

        string Cell(string column) => row[Array.IndexOf(header, column)];
        return new TimingRow(Cell("calls").Replace(",", "", StringComparison.Ordinal), Cell("p50"), Cell("p99"), Cell("max"),
            Cell("exceptions").Replace(",", "", StringComparison.Ordinal), Cell("status"));
    }

    private static string[] Cells(string line) => line.Split('│', '┃', '║').Select(c => c.Trim()).ToArray();

    private static double Milliseconds(string duration)
    {
        var parts = duration.Split(' ');
        var value = double.Parse(parts[0], CultureInfo.InvariantCulture);
        return parts[1] switch
        {
            "s" => value * 1000,
            "ms" => value,
            _ => value / 1000,
        };
    }

    private sealed record TimingRow(string Calls, string P50, string P99, string Max, string Exceptions, string Status);
}

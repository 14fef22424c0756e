using System.Text.RegularExpressions;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;
using Instr.IntegrationTests.Ui;

namespace Instr.IntegrationTests.Cli;

/// <summary>`instr watch` on a real terminal (tmux): a table refreshed in place, cut to the terminal height, Ctrl+C → 130.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class LiveWatchTerminalTests
{
    [Fact]
    public async Task Watch_on_a_terminal_refreshes_one_table_in_place_and_ctrl_c_exits_130()
    {
        Assert.True(TmuxSession.IsAvailable, "tmux is needed (make deps installs it)");
        using var sandbox = new TestSandbox();
        await CliApps.StartSampleTargetAsync(sandbox);
        CliAssert.Succeeds(await sandbox.RunInstrAsync("patch", "SampleTarget.Modules.ModuleB*"));
        CliAssert.Succeeds(await sandbox.RunInstrAsync("patch", "SampleTarget.Modules.ModuleA:FuncA1"));

        using var tmux = TmuxSession.Start(sandbox.Root, sandbox.Environment(withAgent: false), [RepoLayout.InstrExecutable, "watch", "--interval", "200"], width: 110, height: 14);

        var first = await tmux.WaitForScreenAsync(s => s.Contains("METHOD / METER", StringComparison.Ordinal) && s.Contains("more rows", StringComparison.Ordinal), "the live table");
        var firstTime = CaptionTime().Match(first).Value;
        var later = await tmux.WaitForScreenAsync(s => CaptionTime().Match(s) is { Success: true } m && m.Value != firstTime, "a refreshed table");

        Assert.Single(Regex.Matches(later, "METHOD / METER"));
        Assert.True(later.TrimEnd('\n').Split('\n').Length <= 14, later);

        // SIGINT to instr itself, as Ctrl+C would deliver it: tmux's C-c would also hit the non-interactive `sh` that
        // wraps the pane command, and dash dies of it before it can print the exit code.
        Assert.True(Signals.Send(InstrPidIn(sandbox), Signals.SigInt));
        var exitCode = await tmux.WaitForExitCodeAsync();
        Assert.True(exitCode == 130, $"exit code {exitCode}, screen:\n{tmux.Capture()}"); // the screen holds any error line
    }

    [Fact]
    public async Task Ps_draws_a_table_on_a_terminal_and_plain_lines_with_TERM_dumb()
    {
        Assert.True(TmuxSession.IsAvailable, "tmux is needed (make deps installs it)");
        using var sandbox = new TestSandbox();
        var app = await CliApps.StartPlainAsync(sandbox, withAgent: true);

        using (var tmux = TmuxSession.Start(sandbox.Root, sandbox.Environment(withAgent: false), [RepoLayout.InstrExecutable, "ps"]))
        {
            Assert.Equal(0, await tmux.WaitForExitCodeAsync());
            var screen = tmux.Capture();
            Assert.Contains("╭", screen, StringComparison.Ordinal);
            Assert.Contains("PlainConsoleApp", screen, StringComparison.Ordinal);
        }

        using (var dumb = TmuxSession.Start(sandbox.Root, sandbox.Environment(withAgent: false), ["env", "TERM=dumb", RepoLayout.InstrExecutable, "ps"]))
        {
            Assert.Equal(0, await dumb.WaitForExitCodeAsync());
            var screen = dumb.Capture();
            Assert.DoesNotContain("╭", screen, StringComparison.Ordinal);
            // Tabs reach the screen as spaces up to the next tab stop.
            Assert.Matches(new Regex($@"(?m)^{app.Pid} +PlainConsoleApp +\.NET "), screen);
        }
    }

    /// <summary>The `instr watch` process started in this sandbox's pane (matched by executable and TMPDIR).</summary>
    private static int InstrPidIn(TestSandbox sandbox)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (cmdline.Contains(RepoLayout.InstrExecutable) && cmdline.Contains("watch") && environ.Contains("TMPDIR=" + sandbox.TempDirectory))
                {
                    return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Exited while we looked, or not ours to read.
            }
        }

        throw new InvalidOperationException("the instr watch process of this test is not running");
    }

    [GeneratedRegex(@"\d\d:\d\d:\d\d\.\d\d\d UTC")]
    private static partial Regex CaptionTime();
}

using System.Globalization;
using Instr.IntegrationTests.Cli;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>
/// Apps on runtimes the agent cannot serve, started with the hook (as when DOTNET_STARTUP_HOOKS is set for a whole
/// container): they run exactly as without it, output and exit code byte-identical, plus one stderr line that says
/// why; no agent socket appears. `instr attach` refuses them before sending anything (exit 5) and they live on.
/// Two kinds: an older runtime (.NET Core 3.1, self-contained) and a real .NET 8 runtime whose JIT-EE interface
/// version was changed to one nobody knows (<see cref="FakeRuntime"/>).
/// </summary>
[Collection(EndToEnd.EndToEndCollection.Name)]
public sealed class UnservedRuntimeTests
{
    [Fact]
    public async Task An_older_runtime_runs_untouched_and_one_line_says_why()
    {
        using var sandbox = new TestSandbox();
        var app = AppRuntime.OldRuntimeApp;

        var line = await AssertUntouchedWithOneLineAsync(sandbox, app, []);

        Assert.StartsWith("instr agent: not started: this app runs on .NET Core 3.1", line, StringComparison.Ordinal);
        Assert.Contains("the agent serves .NET 8, 9, 10", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_JIT_EE_version_runs_untouched_and_one_line_says_why()
    {
        using var sandbox = new TestSandbox();
        var app = FakeRuntime.SampleTargetWithUnknownJitEeVersion(sandbox);

        var line = await AssertUntouchedWithOneLineAsync(sandbox, app, ["--seed", "7", "--calls", "200", "--rate", "0"]);

        Assert.StartsWith("instr agent: not started: patch engine: unknown JIT-EE interface version " + FakeRuntime.UnknownVersion, line, StringComparison.Ordinal);
        Assert.Contains("(.NET 8.0.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_to_an_older_runtime_is_refused_before_anything_is_sent()
    {
        using var sandbox = new TestSandbox();
        var release = Path.Combine(sandbox.Root, "release");
        var app = sandbox.Start(AppRuntime.OldRuntimeApp, ["--wait-file", release], withAgent: false);
        await app.WaitForOutputAsync("old runtime app on");

        var line = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("attach", app.Pid.ToString(CultureInfo.InvariantCulture)), 5);

        Assert.Contains("it runs .NET 3.1", line, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", line, StringComparison.Ordinal);
        await AssertRunsOnAsync(app, release, "square 3 = 9", 4);
    }

    [Fact]
    public async Task Attach_to_an_unknown_JIT_EE_version_is_refused_before_anything_is_sent()
    {
        using var sandbox = new TestSandbox();
        var pause = Path.Combine(sandbox.Root, "pause");
        await File.WriteAllTextAsync(pause, "");
        var app = sandbox.Start(FakeRuntime.SampleTargetWithUnknownJitEeVersion(sandbox), ["--seed", "7", "--calls", "200", "--rate", "0", "--pause-file", pause], withAgent: false);
        await Poll.UntilAsync(() => File.Exists(pause + ".paused"), TimeSpan.FromSeconds(30), () => $"SampleTarget did not pause\n{app.StandardError}");

        var line = CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("attach", app.Pid.ToString(CultureInfo.InvariantCulture)), 5);

        Assert.Contains("JIT-EE interface version instr does not know", line, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", line, StringComparison.Ordinal);
        await AssertRunsOnAsync(app, pause, "{\"calls\":{", 0);
    }

    /// <summary>Runs <paramref name="app"/> without and with the hook: identical stdout and exit code, stderr plus one line.</summary>
    private static async Task<string> AssertUntouchedWithOneLineAsync(TestSandbox sandbox, string app, string[] args)
    {
        var baseline = await RunToEndAsync(sandbox, app, args, withAgent: false);
        var withHook = await RunToEndAsync(sandbox, app, args, withAgent: true);

        Assert.Equal(baseline.ExitCode, withHook.ExitCode);
        Assert.Equal(baseline.Stdout, withHook.Stdout);
        Assert.False(Directory.Exists(sandbox.SocketDirectory) && Directory.EnumerateFileSystemEntries(sandbox.SocketDirectory).Any(), "an agent socket appeared");
        return ExtraLines.Single(baseline.Stderr, withHook.Stderr);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndAsync(TestSandbox sandbox, string app, string[] args, bool withAgent)
    {
        using var run = sandbox.Start(app, args, withAgent);
        var exitCode = await run.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var pidToken = "pid " + run.Pid.ToString(CultureInfo.InvariantCulture);
        return (exitCode, run.StandardOutput.Replace(pidToken, "pid N", StringComparison.Ordinal), run.StandardError);
    }

    /// <summary>The refused target is alive, and once released finishes its work normally.</summary>
    private static async Task AssertRunsOnAsync(ChildProcess app, string gateFile, string lastOutput, int exitCode)
    {
        Assert.False(app.HasExited, $"the target died: {app.StandardError}");
        if (File.Exists(gateFile))
        {
            File.Delete(gateFile); // a pause file: removing it lets the loop go on
        }
        else
        {
            await File.WriteAllTextAsync(gateFile, ""); // a wait file: creating it lets the app go on
        }

        Assert.Equal(exitCode, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(lastOutput, app.StandardOutput, StringComparison.Ordinal);
    }
}

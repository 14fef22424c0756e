using System.Text.Json;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.EndToEnd;

/// <summary>
/// SampleTarget running with the agent in a sandbox, with its execution loop under the test's control
/// (`--pause-file`): the loop stops before its next call while the file exists and says so with `FILE.paused`,
/// so the test can read counters at moments when no call is in flight.
/// </summary>
internal sealed class SampleTargetSession : IDisposable
{
    private readonly string _pauseFile;

    private SampleTargetSession(TestSandbox sandbox, ChildProcess app, string pauseFile)
    {
        Sandbox = sandbox;
        App = app;
        _pauseFile = pauseFile;
    }

    public TestSandbox Sandbox { get; }

    public ChildProcess App { get; }

    public string Pid => App.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Starts SampleTarget paused on <paramref name="runtime"/> (see <see cref="AppRuntime"/>), with the agent
    /// (from DOTNET_STARTUP_HOOKS, or by `instr attach` when <paramref name="attach"/> is set; then waits for its socket)
    /// or without it; its loop on <paramref name="threads"/> threads.</summary>
    public static async Task<SampleTargetSession> StartPausedAsync(int rate = 400, string runtime = AppRuntime.Installed, bool attach = false,
        bool withAgent = true, Action<TestSandbox>? configure = null, int threads = 1)
    {
        var sandbox = new TestSandbox();
        configure?.Invoke(sandbox);
        var pauseFile = Path.Combine(sandbox.Root, "pause");
        File.WriteAllText(pauseFile, string.Empty);
        var app = sandbox.StartOn(runtime, "SampleTarget", withAgent: withAgent && !attach, "--rate", rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--pause-file", pauseFile);
        var session = new SampleTargetSession(sandbox, app, pauseFile);
        if (withAgent && attach)
        {
            await session.WaitUntilPausedAsync();
            var attached = await sandbox.RunInstrAsync("attach", session.Pid);
            Assert.True(attached.ExitCode == 0, $"attach to SampleTarget on {runtime}: {attached}");
        }

        if (withAgent)
        {
            await sandbox.WaitForAgentSocketAsync(app);
        }

        await session.WaitUntilPausedAsync();
        return session;
    }

    public void Resume() => File.Delete(_pauseFile);

    /// <summary>The ground truth SampleTarget wrote when it last paused (its exit-summary shape), while it is paused.</summary>
    public string PausedCounts => File.ReadAllText(_pauseFile + ".paused");

    public async Task PauseAsync()
    {
        File.WriteAllText(_pauseFile, string.Empty);
        await WaitUntilPausedAsync();
    }

    public Task<CommandResult> InstrAsync(params string[] args) => Sandbox.RunInstrAsync(args);

    /// <summary>`instr watch --json --once --meter SampleTarget`, parsed.</summary>
    public async Task<JsonDocument> WatchOnceAsync()
    {
        var result = await InstrAsync("watch", "-p", Pid, "--json", "--once", "--meter", "SampleTarget");
        Assert.True(result.ExitCode == 0, $"watch failed: {result}");
        var line = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single();
        return JsonDocument.Parse(line);
    }

    public void Dispose() => Sandbox.Dispose();

    private Task WaitUntilPausedAsync() =>
        Poll.UntilAsync(
            () => File.Exists(_pauseFile + ".paused"),
            TimeSpan.FromSeconds(30),
            () => $"SampleTarget did not pause; stdout: {App.StandardOutput}; stderr: {App.StandardError}",
            () => App.HasExited ? $"SampleTarget exited: {App.StandardError}" : null);
}

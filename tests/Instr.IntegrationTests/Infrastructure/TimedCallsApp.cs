using System.Globalization;

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// PlainConsoleApp in its timing mode (`--timed-calls N`), with the agent: warmed up, then held until the test has
/// patched it; <see cref="RunAsync"/> lets it make exactly <see cref="Calls"/> calls of <see cref="Sleep"/> (every 4th
/// sleeps 8 ms, the others 2 ms) and of <see cref="Fail"/> (every 3rd throws). The app then waits until disposed.
/// </summary>
internal sealed class TimedCallsApp : IDisposable
{
    public const string Pattern = "PlainConsoleApp.Timed:*";
    public const string Sleep = "PlainConsoleApp.Timed:Sleep(System.Int32)";
    public const string Fail = "PlainConsoleApp.Timed:Fail(System.Int32)";

    /// <summary>Makes the calls: one call that lasts as long as all of them.</summary>
    public const string Run = "PlainConsoleApp.Timed:Run(System.Int32)";

    private readonly string _goFile;
    private readonly string _releaseFile;

    private TimedCallsApp(ChildProcess app, string goFile, string releaseFile)
    {
        App = app;
        _goFile = goFile;
        _releaseFile = releaseFile;
    }

    public int Calls { get; private init; }

    /// <summary>Calls of <see cref="Sleep"/> that sleep 8 ms (every 4th).</summary>
    public int LongSleeps => Calls / 4;

    /// <summary>Calls of <see cref="Fail"/> that throw (every 3rd).</summary>
    public int Exceptions => Calls / 3;

    public ChildProcess App { get; }

    public string Pid => App.Pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts the app with the agent in <paramref name="sandbox"/> and waits until it is warm and serving.</summary>
    public static async Task<TimedCallsApp> StartAsync(TestSandbox sandbox, int calls = 120)
    {
        var goFile = Path.Combine(sandbox.Root, $"go-{Guid.NewGuid():N}");
        var releaseFile = Path.Combine(sandbox.Root, $"release-{Guid.NewGuid():N}");
        var app = sandbox.Start(RepoLayout.DotnetHost,
            [RepoLayout.TestApp("PlainConsoleApp"), "--timed-calls", calls.ToString(CultureInfo.InvariantCulture), "--go-file", goFile, "--wait-file", releaseFile],
            withAgent: true);
        await app.WaitForOutputAsync("timed: warm\n", TimeSpan.FromSeconds(60));
        await sandbox.WaitForAgentSocketAsync(app);
        return new TimedCallsApp(app, goFile, releaseFile) { Calls = calls };
    }

    /// <summary>Lets the app make its calls and waits until it says how many threw (which must be every 3rd).</summary>
    public async Task RunAsync()
    {
        await File.WriteAllTextAsync(_goFile, "");
        await App.WaitForOutputAsync($"timed: {Calls} calls, {Exceptions} exceptions\n", TimeSpan.FromSeconds(60));
    }

    /// <summary>Lets the app end (it has made its calls) and returns its exit code.</summary>
    public async Task<int> ExitAsync()
    {
        await File.WriteAllTextAsync(_releaseFile, "");
        return await App.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    public void Dispose()
    {
        File.WriteAllText(_releaseFile, "");
        App.Dispose();
    }
}

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a test app that understands <c>--wait-file PATH</c> (PlainConsoleApp, OldProtobufApp) to its normal end,
/// holding it after "ready" until the test is done with it: with the agent, until the agent's socket is up (so the
/// comparison really covers a run with a live agent) and <paramref name="whileRunning"/> has finished.
/// </summary>
public static class ControlledRun
{
    public static async Task<AppRun> RunAsync(
        TestSandbox sandbox,
        string dll,
        bool withAgent,
        IReadOnlyList<string>? args = null,
        Func<ChildProcess, string, Task>? whileRunning = null,
        string? runAsUser = null,
        uint? runAsUid = null)
    {
        var release = Path.Combine(sandbox.Root, $"release-{Guid.NewGuid():N}");
        var app = sandbox.Start(RepoLayout.DotnetHost, [dll, .. args ?? [], "--wait-file", release], withAgent, runAsUser);
        await app.WaitForOutputAsync("ready\n");
        string? socket = null;
        if (withAgent)
        {
            socket = await sandbox.WaitForAgentSocketAsync(app, uid: runAsUid);
            if (whileRunning is not null)
            {
                await whileRunning(app, socket);
            }
        }

        await File.WriteAllTextAsync(release, "");
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return new AppRun(exitCode, app.StandardOutputBytes, app.StandardOutput, app.StandardError, socket);
    }
}

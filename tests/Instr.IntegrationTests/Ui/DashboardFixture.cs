using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Ui;

/// <summary>
/// SampleTarget started with the agent in a private sandbox, and `instr ui -p PID` running in a tmux pane that has
/// the same TMPDIR/XDG_RUNTIME_DIR. Disposing kills tmux, the app and the sandbox.
/// </summary>
public sealed class DashboardFixture : IDisposable
{
    public const int Width = 140;
    public const int Height = 30;
    public const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1";

    private DashboardFixture(TestSandbox sandbox, ChildProcess app, TmuxSession tmux)
    {
        Sandbox = sandbox;
        App = app;
        Tmux = tmux;
    }

    public TestSandbox Sandbox { get; }

    public ChildProcess App { get; }

    public TmuxSession Tmux { get; }

    public static async Task<DashboardFixture> StartAsync()
    {
        if (!TmuxSession.IsAvailable)
        {
            throw new InvalidOperationException("tmux is not installed: `make deps` (part of `make test`) installs it");
        }

        var sandbox = new TestSandbox();
        try
        {
            var app = sandbox.StartApp(RepoLayout.SampleTarget, withAgent: true);
            await sandbox.WaitForAgentSocketAsync(app);
            var tmux = TmuxSession.Start(
                sandbox.Root,
                sandbox.Environment(withAgent: false),
                [RepoLayout.InstrExecutable, "ui", "-p", app.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                Width,
                Height);
            return new DashboardFixture(sandbox, app, tmux);
        }
        catch
        {
            sandbox.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the dashboard shows its title with the pid and a table of SampleTarget's methods.</summary>
    public Task<string> WaitForTableAsync() =>
        Tmux.WaitForScreenAsync(
            s => s.Contains($"SampleTarget (pid {App.Pid})", StringComparison.Ordinal) && DashboardScreen.HasRow(s, "SampleTarget."),
            $"the title with pid {App.Pid} and table rows of SampleTarget methods");

    public void Dispose()
    {
        Tmux.Dispose();
        Sandbox.Dispose();
    }
}

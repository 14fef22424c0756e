using Terminal.Gui.App;

namespace Instr.Cli.Ui;

/// <summary>
/// The one door between background work and the Terminal.Gui thread: posts model changes to the UI thread
/// (app.Invoke) followed by a redraw, runs agent calls on background tasks that never throw, and joins them at
/// shutdown, before the application is disposed and the terminal restored.
/// </summary>
internal sealed class UiDispatcher : IDisposable
{
    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(5);

    private readonly IApplication _app;
    private readonly Action _redraw;
    private readonly Action<string> _showError;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly List<Task> _operations = [];

    /// <param name="app">The running application.</param>
    /// <param name="redraw">Pushes the model into the views (UI thread).</param>
    /// <param name="showError">Puts an unexpected error on the status line (UI thread).</param>
    public UiDispatcher(IApplication app, Action redraw, Action<string> showError)
    {
        _app = app;
        _redraw = redraw;
        _showError = showError;
    }

    /// <summary>Runs <paramref name="change"/> on the UI thread, then redraws. Safe from any thread, also while stopping.</summary>
    public void Post(Action change) => PostIfChanged(() =>
    {
        change();
        return true;
    });

    /// <summary>Like Post, but redraws only when <paramref name="change"/> says something changed (idle snapshots).</summary>
    public void PostIfChanged(Func<bool> change)
    {
        if (_lifetime.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _app.Invoke(() =>
            {
                if (change())
                {
                    _redraw();
                }
            });
        }
        catch (Exception)
        {
            // The application is shutting down; the change no longer matters.
        }
    }

    /// <summary>Runs agent work off the UI thread; whatever it throws ends up on the status line, never on the terminal.</summary>
    public void RunInBackground(Func<CancellationToken, Task> work)
    {
        var ct = _lifetime.Token;
        var task = Task.Run(async () =>
        {
            try
            {
                await work(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                var message = $"error: {e.Message.ReplaceLineEndings(" ")}";
                Post(() => _showError(message));
            }
            catch (Exception)
            {
                // Shutting down: nobody is left to read it.
            }
        });
        lock (_operations)
        {
            _operations.RemoveAll(t => t.IsCompleted);
            _operations.Add(task);
        }
    }

    /// <summary>Stops posting, cancels the running agent calls and waits (bounded) for them to finish.</summary>
    public void Shutdown()
    {
        _lifetime.Cancel();
        Task[] pending;
        lock (_operations)
        {
            pending = [.. _operations];
        }

        try
        {
            Task.WaitAll(pending, ShutdownWait);
        }
        catch (AggregateException)
        {
            // Every operation catches its own errors; this only guards the wait itself.
        }
    }

    public void Dispose() => _lifetime.Dispose();
}

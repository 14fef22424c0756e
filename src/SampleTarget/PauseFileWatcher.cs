namespace SampleTarget;

/// <summary>
/// The <c>--pause-file PATH</c> control for tests: while PATH exists the loop is paused; once every loop thread has
/// stopped, <c>PATH.paused</c> appears holding the ground truth at that moment (the exit JSON shape, written to a
/// temporary file and renamed so that a reader never sees it half written). Deleting PATH deletes PATH.paused first,
/// then resumes the loop. The file is polled every 10 ms by one thread, so the workers pay nothing per call.
/// </summary>
internal sealed class PauseFileWatcher(string path, PauseGate gate, GroundTruth truth)
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(10);

    private readonly string _markerPath = path + ".paused";
    private bool _paused;

    /// <summary>Called before the loop threads start: a file that already exists holds them before their first
    /// call (the watcher thread then completes the pause and writes the marker).</summary>
    public void HoldIfRequested()
    {
        if (File.Exists(path))
        {
            gate.RequestPause();
        }
    }

    private void Poll(CancellationToken stop)
    {
        var requested = File.Exists(path);
        if (requested && !_paused)
        {
            if (gate.Pause(stop))
            {
                WriteMarker();
                _paused = true;
            }
        }
        else if (!requested && _paused)
        {
            DeleteMarker();
            _paused = false;
            gate.Resume();
        }
    }

    public Thread Start(CancellationToken stop)
    {
        var thread = new Thread(() =>
        {
            while (!stop.WaitHandle.WaitOne(s_pollInterval))
            {
                Poll(stop);
            }
        })
        {
            IsBackground = true,
            Name = "SampleTarget pause-file watcher",
        };
        thread.Start();
        return thread;
    }

    /// <summary>The process is leaving: it is no longer paused, so the marker must not outlive it.</summary>
    public void Cleanup() => DeleteMarker();

    private void WriteMarker()
    {
        var temporary = _markerPath + ".tmp";
        try
        {
            File.WriteAllText(temporary, SummaryJson.Format(truth.Snapshot()) + "\n");
            File.Move(temporary, _markerPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The loop is paused all the same; say once why the marker is missing instead of dying on a watcher thread.
            Console.Error.WriteLine($"SampleTarget: cannot write {_markerPath}: {e.Message}");
        }
    }

    private void DeleteMarker()
    {
        try
        {
            File.Delete(_markerPath);
        }
        catch (IOException)
        {
            // Best effort: a marker we cannot delete is reported by nobody; the loop state is what matters.
        }
    }
}

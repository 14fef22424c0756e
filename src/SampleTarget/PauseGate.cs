namespace SampleTarget;

/// <summary>
/// Lets a controller stop every loop thread between two calls and know when all of them have stopped.
/// A worker calls <see cref="WaitWhilePaused"/> right before each call; once <see cref="Pause"/> returns, no call is
/// in flight and the ground truth is final until <see cref="Resume"/>.
/// </summary>
internal sealed class PauseGate(int workers)
{
    private readonly ManualResetEventSlim _running = new(initialState: true);
    private readonly object _sync = new();
    private int _active = workers;
    private int _parked;

    /// <summary>Blocks while paused. Returns true when it did wait (the caller restarts its pacing).</summary>
    public bool WaitWhilePaused(CancellationToken stop)
    {
        if (_running.IsSet)
        {
            return false;
        }

        lock (_sync)
        {
            _parked++;
            Monitor.PulseAll(_sync);
        }

        try
        {
            _running.Wait(stop);
        }
        finally
        {
            lock (_sync)
            {
                _parked--;
            }
        }

        return true;
    }

    /// <summary>A worker that has finished for good (call budget spent, stop requested) no longer needs to park.</summary>
    public void WorkerExited()
    {
        lock (_sync)
        {
            _active--;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Stops the loop; returns once every live worker is parked (false if <paramref name="stop"/> fired first).</summary>
    public bool Pause(CancellationToken stop)
    {
        RequestPause();
        lock (_sync)
        {
            while (_parked < _active)
            {
                if (stop.IsCancellationRequested)
                {
                    return false;
                }

                // Short timeout: a cancellation does not pulse the monitor.
                Monitor.Wait(_sync, 20);
            }
        }

        return true;
    }

    /// <summary>Makes workers park before their next call, without waiting for them.</summary>
    public void RequestPause() => _running.Reset();

    public void Resume() => _running.Set();
}

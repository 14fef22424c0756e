namespace Instr.Cli.Ui.Model;

/// <summary>
/// Calls per second over the last few seconds of snapshots. The agent's rate covers one refresh interval (0.5 s);
/// at a few calls per second that jumps between 0 and 10, which is unreadable on a dashboard.
/// </summary>
internal sealed class RateWindow
{
    private readonly long _windowMs;
    private readonly Queue<(long TimeMs, long Calls)> _samples = new();

    public RateWindow(TimeSpan window)
    {
        _windowMs = (long)window.TotalMilliseconds;
    }

    /// <summary>Adds a reading; returns the rate over the window, or null until readings span half of it.</summary>
    public double? Add(long timeMs, long calls)
    {
        if (_samples.Count > 0 && (timeMs <= _samples.Last().TimeMs || calls < _samples.Last().Calls))
        {
            _samples.Clear(); // clock went back or the count restarted (re-patched): start over
        }

        _samples.Enqueue((timeMs, calls));
        while (_samples.Count > 2 && timeMs - _samples.Peek().TimeMs > _windowMs)
        {
            _samples.Dequeue();
        }

        var (oldestTime, oldestCalls) = _samples.Peek();
        var spanMs = timeMs - oldestTime;
        return spanMs * 2 >= _windowMs ? (calls - oldestCalls) * 1000.0 / spanMs : null;
    }

    public void Reset() => _samples.Clear();
}

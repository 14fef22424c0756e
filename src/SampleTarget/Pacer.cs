using System.Diagnostics;

namespace SampleTarget;

/// <summary>Spaces one thread's calls evenly at <c>rate</c> calls per second (0 = unthrottled). Sleeps are capped
/// so that pause and stop requests stay prompt even at low rates.</summary>
internal sealed class Pacer(double rate)
{
    private static readonly TimeSpan s_maxSleep = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_maxBacklog = TimeSpan.FromSeconds(1);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _made;

    /// <summary>True when the next call is due; otherwise sleeps toward it (at most 50 ms) and returns false.</summary>
    public bool IsDue(CancellationToken stop)
    {
        if (rate <= 0)
        {
            return true;
        }

        var wait = TimeSpan.FromSeconds(_made / rate) - _clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            stop.WaitHandle.WaitOne(wait < s_maxSleep ? wait : s_maxSleep);
            return false;
        }

        if (-wait > s_maxBacklog)
        {
            // Far behind (a stalled machine): forget the backlog rather than burst through it.
            Restart();
        }

        return true;
    }

    public void CallMade() => _made++;

    /// <summary>Starts the schedule afresh (after a pause: a pause is not a backlog to catch up on).</summary>
    public void Restart()
    {
        _clock.Restart();
        _made = 0;
    }
}

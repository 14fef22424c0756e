using System.Diagnostics;

namespace OtelApp;

/// <summary>The methods the tests patch (INSTR_PATCH); Program calls them exactly as often as its arguments say.</summary>
public static class Work
{
    private static long s_total;

    public static long Total => Interlocked.Read(ref s_total);

    /// <summary>How long each <see cref="Nap"/> took, measured inside the body (seconds): the ground truth.</summary>
    public static List<double> Naps { get; } = [];

    public static void Step(int amount) => Interlocked.Add(ref s_total, amount);

    public static void Nap(int milliseconds)
    {
        var start = Stopwatch.GetTimestamp();
        Thread.Sleep(milliseconds);
        Naps.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}

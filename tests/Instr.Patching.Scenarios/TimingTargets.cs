using System.Runtime.CompilerServices;

namespace Instr.Patching.Scenarios;

// Methods the timing scenarios patch. Each returns something its caller checks (a broken wrapper shows up as a wrong
// result, not only as a wrong number).

internal static class TimingTargets
{
    /// <summary>Where <see cref="SleepMix"/> writes how long each call took, measured inside the body (ground truth).</summary>
    public static double[]? SleepDurations { get; set; }

    /// <summary>Sleeps 2 ms, every 4th call 8 ms.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int SleepMix(int i)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        Thread.Sleep(i % 4 == 3 ? 8 : 2);
        if (SleepDurations is { } durations)
        {
            durations[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return i + 1;
    }

    /// <summary>Throws every third call (i % 3 == 2).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long ThrowsEveryThird(int i)
    {
        if (i % 3 == 2)
        {
            throw new InvalidOperationException("every third call " + i);
        }

        return i * 7L;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Mix(long value) => (value * 29) ^ (value >> 3);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long PlainForCost(long value) => value + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long TimedForCost(long value) => value + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Switched(long value) => (value * 19) ^ (value >> 4);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Tapped(long value) => (value * 31) ^ (value >> 5);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long MixFromStart(long value) => (value * 23) ^ (value >> 2);

    /// <summary>Where <see cref="DelayAsync"/> and <see cref="DelayValueTaskAsync"/> write how long each call took from
    /// entry to its last line, measured inside the body (ground truth: on Linux Task.Delay(10) may end a few ms early,
    /// its timer runs on the coarse tick).</summary>
    public static double[]? DelayDurations { get; set; }

    public static async Task<int> DelayAsync(int value)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.Delay(10).ConfigureAwait(false);
        RecordDelay(value, start);
        return value + 1;
    }

    /// <summary>Calls made while <see cref="DelayDurations"/> is set write slot <paramref name="slot"/>.</summary>
    private static void RecordDelay(int slot, long start)
    {
        if (DelayDurations is { } durations)
        {
            durations[slot] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
    }

    /// <summary>Completes synchronously (no await that suspends): its task is complete when it returns.</summary>
    public static async Task<int> CompletedTaskAsync(int value)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        return value + 3;
    }

    public static async Task FaultsAfterDelayAsync(int value)
    {
        await Task.Delay(1).ConfigureAwait(false);
        throw new InvalidOperationException("faulted " + value);
    }

    public static async ValueTask<int> DelayValueTaskAsync(int value)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.Delay(10).ConfigureAwait(false);
        RecordDelay(value + (DelayDurations?.Length / 2 ?? 0), start);
        return value * 2;
    }
}

/// <summary>32 bytes: returned through a hidden buffer (System V: structs above 16 bytes).</summary>
internal readonly record struct Quad(long A, long B, long C, long D);

internal sealed class QuadMaker(long seed)
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Quad Make(long i) => new(seed + i, seed * 2 + i, seed * 3 + i, seed * 4 + i);
}

internal static class TimedGenerics
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Echo<T>(T value) => value;
}

internal sealed class TimedBox<T>(T value)
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Describe() => value?.ToString() ?? "null";
}

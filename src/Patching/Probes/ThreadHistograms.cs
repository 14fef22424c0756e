namespace Instr.Patching.Probes;

/// <summary>
/// Thread-owned duration histograms, one per (thread, probe slot): a timed call writes only its own thread's array
/// (plain increments, no lock, no shared cache line); readers sum every thread's array, including threads that have
/// exited (their arrays are never dropped), like the native counters. An array is allocated on a thread's first call
/// of a slot, never again.
/// Layout of one array: <see cref="LogLinearBuckets.Count"/> bucket counts (in TSC ticks), then the exception count,
/// then the largest duration.
/// </summary>
internal static class ThreadHistograms
{
    public const int ExceptionsIndex = LogLinearBuckets.Count;
    public const int MaxIndex = LogLinearBuckets.Count + 1;
    private const int Length = LogLinearBuckets.Count + 2;

    private static readonly object RegistryLock = new();
    private static readonly List<PerThread> Threads = [];

    [ThreadStatic]
    private static PerThread? current;

    /// <summary>This thread's array for a slot (allocated on first use).</summary>
    public static long[] Of(int slot)
    {
        var mine = current;
        if (mine is not null)
        {
            var bySlot = mine.BySlot;
            if ((uint)slot < (uint)bySlot.Length && bySlot[slot] is { } histogram)
            {
                return histogram;
            }
        }

        return Allocate(slot);
    }

    public static void Record(int slot, long ticks)
    {
        var histogram = Of(slot);
        histogram[LogLinearBuckets.IndexOf(ticks)]++;
        if (ticks > histogram[MaxIndex])
        {
            histogram[MaxIndex] = ticks;
        }
    }

    public static void RecordException(int slot) => Of(slot)[ExceptionsIndex]++;

    /// <summary>The slot's counts summed over every thread: buckets, exceptions, largest duration.</summary>
    public static long[] Sum(int slot)
    {
        var sum = new long[Length];
        PerThread[] threads;
        lock (RegistryLock)
        {
            threads = [.. Threads];
        }

        foreach (var thread in threads)
        {
            var bySlot = thread.BySlot;
            if ((uint)slot >= (uint)bySlot.Length || Volatile.Read(ref bySlot[slot]) is not { } histogram)
            {
                continue;
            }

            for (var i = 0; i < LogLinearBuckets.Count + 1; i++)
            {
                sum[i] += Volatile.Read(ref histogram[i]);
            }

            sum[MaxIndex] = Math.Max(sum[MaxIndex], Volatile.Read(ref histogram[MaxIndex]));
        }

        return sum;
    }

    private static long[] Allocate(int slot)
    {
        var mine = current;
        if (mine is null)
        {
            mine = new PerThread();
            lock (RegistryLock)
            {
                Threads.Add(mine);
            }

            current = mine;
        }

        var bySlot = mine.BySlot;
        if ((uint)slot >= (uint)bySlot.Length)
        {
            var grown = new long[]?[Math.Max(slot + 1, bySlot.Length * 2)];
            bySlot.CopyTo(grown, 0);
            bySlot = grown;
            Volatile.Write(ref mine.BySlot, grown); // readers see either array; both hold the same histograms
        }

        var histogram = new long[Length];
        Volatile.Write(ref bySlot[slot], histogram);
        return histogram;
    }

    private sealed class PerThread
    {
        public long[]?[] BySlot = new long[]?[16];
    }
}

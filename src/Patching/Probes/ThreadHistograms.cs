using System.Runtime.CompilerServices;
using Instr.Patching.Interop;

namespace Instr.Patching.Probes;

/// <summary>
/// Thread-owned duration histograms, one per (thread, probe slot): a timed call writes only its own thread's array
/// (plain increments, no lock, no shared cache line); readers sum every thread's array, including threads that have
/// exited (their arrays are never dropped), like the native counters. An array is allocated on a thread's first call
/// of a slot, never again.
/// The arrays are pinned and their addresses handed to the native helper in a per-thread table, so the hot path —
/// read the TSC, find the bucket, increment — is one native leaf (<c>instr_timing_exit</c>) with no managed
/// thread-static lookup; this class allocates, attaches and sums.
/// Layout of one array: <see cref="LogLinearBuckets.Count"/> bucket counts (in TSC ticks), then the exception count,
/// then the largest duration.
/// </summary>
internal static unsafe class ThreadHistograms
{
    public const int ExceptionsIndex = LogLinearBuckets.Count;
    public const int MaxIndex = LogLinearBuckets.Count + 1;
    private const int Length = LogLinearBuckets.Count + 2;

    private static readonly object RegistryLock = new();
    private static readonly List<PerThread> Threads = [];

    [ThreadStatic]
    private static PerThread? current;

    static ThreadHistograms() =>
        NativeHelper.HistInit(LogLinearBuckets.SubBucketBits, LogLinearBuckets.MaxExponent, LogLinearBuckets.Count);

    /// <summary>A timed call's exit: reads the TSC and records the duration since <paramref name="entry"/>.</summary>
    public static void RecordExit(int slot, long entry)
    {
        var left = NativeHelper.TimingExit((uint)slot, (ulong)entry);
        if (left >= 0)
        {
            RecordFirst(slot, left);
        }
    }

    /// <summary>Records a duration measured by the caller (the tapped path, which needs the duration itself).</summary>
    public static void Record(int slot, long ticks)
    {
        if (NativeHelper.HistRecord((uint)slot, ticks) == 0)
        {
            RecordFirst(slot, ticks);
        }
    }

    public static void RecordException(int slot) => Of(slot)[ExceptionsIndex]++;

    /// <summary>This thread's array for a slot (allocated and attached on first use).</summary>
    public static long[] Of(int slot)
    {
        var mine = current;
        if (mine is not null && (uint)slot < (uint)mine.BySlot.Length && mine.BySlot[slot] is { } histogram)
        {
            return histogram;
        }

        return Allocate(slot);
    }

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
            var bySlot = Volatile.Read(ref thread.BySlot);
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

    /// <summary>The first call of a slot on this thread: allocate, attach, then record through the native side (so the
    /// bucket rule stays in one place).</summary>
    private static void RecordFirst(int slot, long ticks)
    {
        Of(slot);
        NativeHelper.HistRecord((uint)slot, ticks);
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

        if ((uint)slot >= (uint)mine.BySlot.Length)
        {
            var size = Math.Max(slot + 1, mine.BySlot.Length * 2);
            var grown = new long[]?[size];
            var addresses = GC.AllocateArray<nint>(size, pinned: true);
            mine.BySlot.CopyTo(grown, 0);
            mine.Addresses.CopyTo(addresses, 0);
            mine.Addresses = addresses;
            Volatile.Write(ref mine.BySlot, grown); // readers see either array; both hold the same histograms
        }

        var histogram = GC.AllocateArray<long>(Length, pinned: true);
        mine.Addresses[slot] = (nint)Unsafe.AsPointer(ref histogram[0]);
        Volatile.Write(ref mine.BySlot[slot], histogram);
        fixed (nint* table = mine.Addresses)
        {
            NativeHelper.HistAttach((long**)table, (uint)mine.Addresses.Length); // pinned: the address stays valid
        }

        return histogram;
    }

    private sealed class PerThread
    {
        public long[]?[] BySlot = new long[]?[16];

        /// <summary>Pinned: the native side reads it on every timed call of this thread.</summary>
        public nint[] Addresses = GC.AllocateArray<nint>(16, pinned: true);
    }
}

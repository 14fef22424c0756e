using Instr.Patching.Interop;

namespace Instr.Patching.Counters;

/// <summary>
/// Thread-owned call counters. Each thread that runs a patched method gets its own block (taken once, by the
/// stub itself, from a never-freed pool), so an increment touches no cache line another thread writes.
/// A counter is one slot index; its value is the sum of that slot over every block ever handed out, which
/// includes threads that have exited. Slots are never reused: a leaked stub may still increment its slot.
/// </summary>
internal static unsafe class ThreadOwnedCounters
{
    /// <summary>Counters per block (distinct patched methods over the life of the process).</summary>
    public const int SlotsPerBlock = 65536;

    /// <summary>Blocks in the pool (threads that ever ran a patched method); beyond it, a shared locked block.
    /// 4096 × 512 KB = 2 GB of address space, reserved without backing: a thread only touches the pages of the
    /// counters it increments.</summary>
    public const int PoolBlocks = 4096;

    public const int BlockShift = 19; // SlotsPerBlock * 8 bytes = 512 KB

    /// <summary>The last slot of a block is no counter: a diverting stub hands the probe wrapper its trampoline there
    /// (see <see cref="Detours.CounterStub"/>).</summary>
    public const int HandoffSlot = SlotsPerBlock - 1;

    public const int HandoffDisplacement = HandoffSlot * sizeof(long);

    private static readonly object SlotLock = new();
    private static int nextSlot;

    public static void Initialize()
    {
        var error = NativeHelper.PoolInit(PoolBlocks, (ulong)SlotsPerBlock * sizeof(long));
        if (error != 0)
        {
            throw new InvalidOperationException($"patch engine: could not reserve the counter pool (errno {error})");
        }
    }

    /// <summary>fs-relative offset of the thread's block pointer (the same on every thread).</summary>
    public static int TlsOffset => checked((int)NativeHelper.TlsOffset());

    public static nint PoolBase => (nint)NativeHelper.PoolBase();

    public static nint PoolNextAddress => (nint)NativeHelper.PoolNextAddress();

    public static nint OverflowBlock => (nint)NativeHelper.PoolOverflow();

    public static int BlocksInUse => (int)Math.Min(NativeHelper.PoolBlocksUsed(), (ulong)PoolBlocks);

    /// <summary>Allocates a counter slot, or returns -1 when every slot has been used.</summary>
    public static int AllocateSlot()
    {
        lock (SlotLock)
        {
            return nextSlot < HandoffSlot ? nextSlot++ : -1;
        }
    }

    public static long Read(int slot) => NativeHelper.CounterSum((uint)slot);

    /// <summary>Slots handed out so far (every live counter's slot is below it).</summary>
    public static int SlotsInUse
    {
        get
        {
            lock (SlotLock)
            {
                return nextSlot;
            }
        }
    }

    /// <summary>The value of every slot below <paramref name="count"/> into <paramref name="sums"/>, in one pass over each block.</summary>
    public static void ReadAll(long[] sums, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, sums.Length);
        fixed (long* output = sums)
        {
            NativeHelper.CounterSumAll(output, (uint)count);
        }
    }
}

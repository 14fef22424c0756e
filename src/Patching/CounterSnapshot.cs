using Instr.Patching.Counters;

namespace Instr.Patching;

/// <summary>
/// Every call counter of the process read in one pass (see <see cref="MethodPatcher.ReadAllCounters"/>). Reading
/// counters one by one costs a cache miss per counter per thread that ever ran a patched method; a watch of 10,000
/// methods at 10 Hz spent most of its time there. Reusable: refilling keeps its buffer while the slot count fits.
/// </summary>
public sealed class CounterSnapshot
{
    private long[] _sums = [];
    private int _count;

    internal void Fill()
    {
        var slots = ThreadOwnedCounters.SlotsInUse;
        if (_sums.Length < slots)
        {
            _sums = new long[Math.Max(slots, _sums.Length * 2)];
        }

        _count = slots;
        ThreadOwnedCounters.ReadAll(_sums, slots);
    }

    /// <summary>Adds to <paramref name="changed"/> every counter index whose sum differs from <paramref name="previous"/>
    /// (an index <paramref name="previous"/> did not have counts as changed): one pass over contiguous memory, where
    /// reading each patch would touch each patch's objects.</summary>
    public void ChangedSince(CounterSnapshot previous, List<int> changed)
    {
        var now = _sums.AsSpan(0, _count);
        var before = previous._sums.AsSpan(0, Math.Min(previous._count, _count));
        const int Block = 64;
        for (var start = 0; start < before.Length; start += Block)
        {
            var length = Math.Min(Block, before.Length - start);
            if (now.Slice(start, length).SequenceEqual(before.Slice(start, length)))
            {
                continue; // the common case: a whole block of quiet counters compared with vector instructions
            }

            for (var i = start; i < start + length; i++)
            {
                if (now[i] != before[i])
                {
                    changed.Add(i);
                }
            }
        }

        for (var i = before.Length; i < now.Length; i++)
        {
            changed.Add(i);
        }
    }

    internal bool TryGet(int slot, out long sum)
    {
        if ((uint)slot < (uint)_count)
        {
            sum = _sums[slot];
            return true;
        }

        sum = 0;
        return false;
    }
}

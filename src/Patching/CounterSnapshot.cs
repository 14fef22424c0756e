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

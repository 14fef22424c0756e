using Instr.Patching.Counters;

namespace Instr.Patching.Engine;

/// <summary>One thread-owned counter slot per patched method key, kept across patch/unpatch: slots are never reused
/// (a leaked stub may still increment its slot), so patching a method again reads from a baseline instead.
/// Used under the engine's patch lock.</summary>
internal sealed class CounterSlots
{
    private readonly Dictionary<string, int> slotsByKey = [];

    /// <summary>The key's slot (allocated on first use), or null with the reason when every slot is taken.</summary>
    public int? For(string key, out string? refusal)
    {
        refusal = null;
        if (slotsByKey.TryGetValue(key, out var slot))
        {
            return slot;
        }

        slot = ThreadOwnedCounters.AllocateSlot();
        if (slot < 0)
        {
            refusal = $"too many distinct patched methods ({ThreadOwnedCounters.SlotsPerBlock}) in this process";
            return null;
        }

        slotsByKey[key] = slot;
        return slot;
    }
}

namespace Instr.Patching.Probes;

/// <summary>
/// Every probe kind the engine serves, and how: the count probe is the native stub alone; a managed probe adds a
/// wrapper that calls its <see cref="IManagedProbe"/> hooks. Adding a kind: its <see cref="ProbeKind"/> value, its
/// probe type (one file), one line here, and its enum value in the wire protocol.
/// </summary>
internal static class ProbeRegistry
{
    // A handful of kinds: a copy-on-write list, read without a lock (a plain list, not an immutable dictionary, whose
    // generic code the first patch had to JIT-compile).
    private static ProbeDefinition[] definitions =
    [
        new ProbeDefinition(ProbeKind.Count, ManagedProbe: null, Read: null),
        new ProbeDefinition(ProbeKind.Timing, typeof(TimingProbe), TimingReadings.Read),
    ];

    /// <summary>The definition of a probe kind, or null for a kind this engine does not know.</summary>
    public static ProbeDefinition? Find(ProbeKind kind)
    {
        foreach (var definition in Volatile.Read(ref definitions))
        {
            if (definition.Kind == kind)
            {
                return definition;
            }
        }

        return null;
    }

    /// <summary>Serves one more kind: how the engine's own tests install a probe whose hooks throw, to prove that probe
    /// code never reaches the app's calls. Not reachable from the agent's wire protocol (it maps only the kinds above).</summary>
    internal static void Add(ProbeDefinition definition)
    {
        ProbeDefinition[] seen, updated;
        do
        {
            seen = Volatile.Read(ref definitions);
            updated = [.. seen.Where(d => d.Kind != definition.Kind), definition];
        }
        while (Interlocked.CompareExchange(ref definitions, updated, seen) != seen);
    }
}

/// <summary>How the engine serves one probe kind.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="ManagedProbe">The <see cref="IManagedProbe"/> type whose hooks run around each call; null when the
/// native counting stub is all the probe needs.</param>
/// <param name="Read">Reads what the probe recorded for a probe slot (null: the probe records only the count).</param>
internal sealed record ProbeDefinition(ProbeKind Kind, Type? ManagedProbe, Func<int, TimingSnapshot>? Read);

/// <summary>Probe slots (per-thread state indexes) of managed probes: two consecutive ones per live patch — the slot
/// the probe's hooks are given, and <see cref="Secondary"/> for a second record of the probe's own (the timing probe:
/// the synchronous part of calls that return a task) — never reused, because a wrapper may still run for a call that
/// entered before the patch was removed.</summary>
internal static class ProbeSlots
{
    private static int next = -2;

    public static int Next() => Interlocked.Add(ref next, 2);

    public static int Secondary(int slot) => slot + 1;
}

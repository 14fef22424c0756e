using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Instr.Patching.Probes;

/// <summary>
/// Hands every timed call's duration to a Meter histogram (the agent's <c>instr.duration</c>) while a listener has
/// that instrument enabled: dotnet-counters, the app's own OpenTelemetry, any MeterListener. System.Diagnostics.Metrics
/// has no observable histogram, so a listener can only see durations recorded one call at a time; while nobody
/// listens the timing probe pays one field read and one test (<see cref="Listening"/>) and keeps recording only into
/// its thread-owned histograms. The tag names the method (canonical name, built once per probe slot by the attached
/// namer). Anything the listener throws is recorded as a probe fault and never reaches the call.
/// </summary>
public static class DurationTap
{
    private static readonly object Gate = new();
    private static Target? target;
    private static MethodBase?[] methodBySlot = new MethodBase?[64];

    /// <summary>From now on, timed calls are recorded into <paramref name="histogram"/> (seconds) whenever it is enabled,
    /// tagged <paramref name="tagName"/> = <paramref name="nameOf"/>(method).</summary>
    public static void Attach(Histogram<double> histogram, string tagName, Func<MethodBase, string> nameOf) =>
        Volatile.Write(ref target, new Target(histogram, tagName, nameOf));

    /// <summary>Stops recording into the attached histogram (if it is still <paramref name="histogram"/>).</summary>
    public static void Detach(Histogram<double> histogram)
    {
        if (Volatile.Read(ref target) is { } current && current.Histogram == histogram)
        {
            Interlocked.CompareExchange(ref target, null, current);
        }
    }

    /// <summary>The attached target when a listener has its histogram enabled, else null: the per-call test.</summary>
    internal static Target? Listening
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var current = target;
            return current is not null && current.Histogram.Enabled ? current : null;
        }
    }

    /// <summary>Which method a probe slot times (slots are never reused).</summary>
    internal static void Register(int slot, MethodBase method)
    {
        lock (Gate)
        {
            Volatile.Write(ref methodBySlot, WithSlot(methodBySlot, slot, method));
        }
    }

    /// <summary>The table with <paramref name="value"/> at <paramref name="slot"/>: the same array, or a grown copy that
    /// readers only see once it is complete.</summary>
    private static T?[] WithSlot<T>(T?[] table, int slot, T value)
        where T : class
    {
        if ((uint)slot >= (uint)table.Length)
        {
            var grown = new T?[Math.Max(slot + 1, table.Length * 2)];
            table.CopyTo(grown, 0);
            table = grown;
        }

        table[slot] = value;
        return table;
    }

    /// <summary>A timed call of <paramref name="slot"/> returned: record it in the thread's histogram and in the
    /// listener's. Out of line, so the probe's common path (nobody listens) stays small.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void RecordExit(int slot, long entry, Target listening)
    {
        var ticks = Math.Max(0, TscClock.Now() - entry);
        ThreadHistograms.Record(slot, ticks);
        try
        {
            listening.Record(slot, ticks);
        }
        catch (Exception error)
        {
            ProbeFaults.Record(error);
        }
    }

    internal sealed class Target(Histogram<double> histogram, string tagName, Func<MethodBase, string> nameOf)
    {
        private readonly object _namesGate = new();
        private string?[] _names = [];

        public Histogram<double> Histogram { get; } = histogram;

        public void Record(int slot, long ticks)
        {
            var names = _names;
            var name = (uint)slot < (uint)names.Length ? names[slot] : null;
            if (name is null)
            {
                var methods = Volatile.Read(ref methodBySlot);
                if ((uint)slot >= (uint)methods.Length || methods[slot] is not { } method)
                {
                    return; // not a registered slot: nothing to name it by
                }

                name = Name(slot, method);
            }

            Histogram.Record(ticks / TscClock.TicksPerMicrosecond / 1_000_000.0, new KeyValuePair<string, object?>(tagName, name));
        }

        /// <summary>Builds a slot's tag once (a race builds it twice, harmlessly).</summary>
        private string Name(int slot, MethodBase method)
        {
            var name = nameOf(method);
            lock (_namesGate)
            {
                Volatile.Write(ref _names, WithSlot(_names, slot, name));
            }

            return name;
        }
    }
}

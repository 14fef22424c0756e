using System.Runtime.CompilerServices;

namespace Instr.Patching.Scenarios.AfterInlining;

// Callers whose recompilation (ReJIT) is its own case: generic callers (value-type and shared instantiations) and a
// struct instance method as the caller.

internal sealed class Crate<T>(T item, int weight)
{
    public T Item => item;

    public int Weight => weight;
}

/// <summary>A generic type's method as the caller, inlining a generic type's getter.</summary>
internal sealed class Scale<T>
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Weigh(Crate<T> crate) => crate.Weight + 1;
}

internal static class Trips
{
    public static int Distance(int trip) => (trip * 4) + 2;
}

/// <summary>A struct instance method as the hot caller.</summary>
internal readonly struct Odometer(int start)
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Reading(int trip) => Trips.Distance(trip) + start;
}

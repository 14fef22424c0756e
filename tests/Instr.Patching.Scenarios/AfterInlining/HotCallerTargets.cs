using System.Numerics;
using System.Runtime.CompilerServices;

namespace Instr.Patching.Scenarios.AfterInlining;

// Callees small enough for the JIT to inline (no attributes, as in users' code) and the hot callers that inline
// them. Callers are NoInlining only so that each is its own compiled root (the code whose inlining is proven).

/// <summary>A virtual method whose hot call site sees one override: Tier1 guesses it and inlines it behind a type test.</summary>
internal abstract class Animal
{
    public abstract int Legs(int extra);
}

internal sealed class Dog : Animal
{
    public override int Legs(int extra) => extra + 4;
}

internal sealed class Bird : Animal
{
    public override int Legs(int extra) => extra + 2;
}

internal interface IArea
{
    long Area(int scale);
}

internal sealed class Square(int side) : IArea
{
    public long Area(int scale) => side * scale;
}

internal readonly struct Coord(int x, int y)
{
    public int Sum() => x + y;
}

internal sealed class Ticket
{
    public Ticket(int number)
    {
        Number = number * 3;
    }

    public int Number { get; }
}

internal sealed class Parcel(int weight)
{
    public int Weight { get; } = weight;
}

internal static class HotCallers
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int LegsTwice(Animal animal, int extra) => animal.Legs(extra) * 2;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long AreaPlusOne(IArea shape, int scale) => shape.Area(scale) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int CoordSum(int x) => new Coord(x, 3).Sum();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Issue(int number) => new Ticket(number).Number;

    /// <summary>The framework forwarder <see cref="BigInteger.Parse(string)"/> inlined into user code.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long ParseBig(string digits) => (long)BigInteger.Parse(digits);

    /// <summary>A generic caller of a non-generic getter: its own code for int, the shared code for reference types.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int WeightWith<T>(T tag, Parcel parcel) => parcel.Weight + (tag is null ? 0 : 1);
}

/// <summary>A inlined into B inlined into hot C: C's IL never names A.</summary>
internal static class Wrapped
{
    public static int Core(int x) => (x * 5) + 1;

    public static int Wrapper(int x) => Core(x) - 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Hot(int x) => Wrapper(x) + Wrapper(x + 1);
}

/// <summary>A loop method called a few times only: its hot loop runs in an OSR body, with <see cref="Step"/> inlined.</summary>
internal static class Loops
{
    public static int Step(int k) => (k & 7) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long LoopSum(int iterations)
    {
        long sum = 0;
        for (var k = 0; k < iterations; k++)
        {
            sum += Step(k);
        }

        return sum;
    }
}

/// <summary>For the attach case: a tiny callee inlined before the engine (and its JIT hook) exists.</summary>
internal static class BeforeEngine
{
    public static int Bump(int x) => x + 7;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Hot(int x) => Bump(x) * 2;
}

/// <summary>User code that calls a framework method's own compiled code: without optimization it inlines nothing.</summary>
internal static class FrameworkCallers
{
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    public static Guid ParseGuid(string text) => Guid.Parse(text);
}

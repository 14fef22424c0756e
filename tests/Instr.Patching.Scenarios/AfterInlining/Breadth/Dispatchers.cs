using System.Runtime.CompilerServices;

namespace Instr.Patching.Scenarios.AfterInlining.Breadth;

/// <summary>
/// One hot dispatcher per breadth kind: each is its own compiled root (NoInlining) that calls one callee, so its
/// Tier1 code is where the callee gets inlined. Receivers live in static readonly fields, so Tier1 knows their exact
/// types (as it does for an app's singletons) and can devirtualize.
/// </summary>
internal static class Dispatchers
{
    private static readonly EchoBase s_echo = new EchoDerived();
    private static readonly SealedEcho s_sealedEcho = new();
    private static readonly IGreeting s_greeting = new Greeting();
    private static readonly ITally s_tally = new Tally();
    private static readonly Grid s_grid = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long RefReturn(int i)
    {
        int[] slots = [i, 1, 2, 3];
        RefReturns.Pick(slots, i) += 10;
        return slots[0] + slots[1] + slots[2] + slots[3];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long SpanParameter(int i) => Spans.Sum([i, 2, 3]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long RefStructMethod(int i) => new Window([i, 5]).Weighted(3);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long GenericVirtual(int i) => s_echo.Echo(i) + s_echo.Echo("ab").Length;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long GenericVirtualOnSealed(int i) => s_sealedEcho.Echo(i) + s_sealedEcho.Echo("ab").Length;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long DefaultInterfaceMember(int i) => s_greeting.Greet(i);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long StaticAbstractOperator(int i) => Money.Add(new Cents(i), new Cents(100)).Value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long IteratorKickoff(int i)
    {
        var sum = 0;
        foreach (int value in Generated.Countdown(i & 7))
        {
            sum += value;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long AsyncValueTaskKickoff(int i) => Generated.AddLaterAsync(i).Result;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Lambda(int i) => Generated.Triple(i) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long LocalFunction(int i)
    {
        return Square(i) + 1;

        static long Square(long v) => v * v;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Stackalloc(int i) => StackBuffers.Spread(i);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long EighteenParameters(int i) =>
        (long)(4 * ManyParameters.Mix(i, 0.5, 0.25f, 1, 0.5, 0.25f, 2, 0.5, 0.25f, 3, 0.5, 0.25f, 4, 0.5, 0.25f, 5, 0.5, 0.25f));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long ExplicitInterface(int i) => s_tally.Next(i);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Indexer(int i) => s_grid[i];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long InParameters(int i)
    {
        var a = new Vec3(i, 1, 2);
        var b = new Vec3(3, 4, 5);
        return Breadth.InParameters.Dot(in a, in b);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long NullableReturn(int i) => Returns.Half(i) ?? -1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long TupleReturn(int i)
    {
        (int min, int max) = Returns.Order(i, 100);
        return (min * 1000L) + max;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long GenericStructMethod(int i) => new Pair<long>(i, -i).Pick((i & 1) == 1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long ExceptionFilter(int i) => ControlFlow.Guarded(i);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long MutualRecursion(int i) => ControlFlow.Depth(i & 7);
}

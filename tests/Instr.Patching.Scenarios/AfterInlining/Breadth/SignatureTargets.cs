namespace Instr.Patching.Scenarios.AfterInlining.Breadth;

// Breadth callees, part 1: shapes of parameters and return values (what a detour's stub must pass through untouched).

internal static class RefReturns
{
    public static ref int Pick(int[] slots, int index) => ref slots[index & 3];
}

internal static class Spans
{
    public static int Sum(ReadOnlySpan<int> values)
    {
        var total = 0;
        foreach (int value in values)
        {
            total += value;
        }

        return total;
    }
}

internal readonly ref struct Window(ReadOnlySpan<int> data)
{
    private readonly ReadOnlySpan<int> _data = data;

    public int Weighted(int factor) => (_data[0] * factor) + _data.Length;
}

internal static class StackBuffers
{
    // Without the hint the JIT judges this inline unprofitable; with it (as hot library code often has) it inlines.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static int Spread(int n)
    {
        Span<int> buffer = stackalloc int[4];
        for (var k = 0; k < buffer.Length; k++)
        {
            buffer[k] = n + k;
        }

        return buffer[0] + buffer[3];
    }
}

internal static class ManyParameters
{
    /// <summary>18 parameters, int/double/float interleaved: 6 integer and 12 SSE registers, the rest on the stack.</summary>
    public static double Mix(
        int i1, double d1, float f1, int i2, double d2, float f2, int i3, double d3, float f3,
        int i4, double d4, float f4, int i5, double d5, float f5, int i6, double d6, float f6) =>
        i1 + d1 + f1 + (2 * (i2 + d2 + f2)) + (3 * (i3 + d3 + f3)) + (4 * (i4 + d4 + f4)) + (5 * (i5 + d5 + f5)) + (6 * (i6 + d6 + f6));
}

internal readonly struct Vec3(long x, long y, long z)
{
    public long X => x;

    public long Y => y;

    public long Z => z;
}

internal static class InParameters
{
    public static long Dot(in Vec3 a, in Vec3 b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);
}

internal static class Returns
{
    public static int? Half(int x) => (x & 1) == 0 ? x / 2 : null;

    public static (int Min, int Max) Order(int a, int b) => a < b ? (a, b) : (b, a);
}

internal readonly struct Pair<T>(T first, T second)
{
    public T Pick(bool takeSecond) => takeSecond ? second : first;
}

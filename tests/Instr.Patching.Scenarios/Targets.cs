using System.Runtime.CompilerServices;

namespace Instr.Patching.Scenarios;

// Methods the scenarios patch. NoInlining where the scenario is about the method itself, not about inlining.
// Each returns something the caller checks, so a broken detour shows up as a wrong result, not only a wrong count.

internal static class StaticTargets
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Mix(long value) => (value * 31) ^ (value >> 3);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long MixTier1(long value) => (value * 17) ^ (value >> 5);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long MixStress(long value) => (value * 13) ^ (value >> 2);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Tiny(int a, int b) => a + b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int TinyWarm(int a, int b) => a + b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Throws(int value)
    {
        if (value >= 0)
        {
            throw new InvalidOperationException("thrown on purpose " + value);
        }

        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long HotLoop(int iterations)
    {
        long sum = 0;
        for (var i = 0; i < iterations; i++)
        {
            sum += i ^ (sum >> 7);
        }

        return sum;
    }
}

internal sealed class InstanceTarget(int seed)
{
    private readonly int seed = seed;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public long Scale(long value) => (value * seed) + 1;
}

internal abstract class Shape
{
    public abstract double Area();
}

internal class Square(double side) : Shape
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Area() => side * side;
}

internal interface IGreeter
{
    int Greet(int value);
}

internal sealed class Greeter : IGreeter
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Greet(int value) => value + 42;
}

internal struct Vector3Ish(long x, long y, long z) : IGreeter
{
    private readonly long x = x, y = y, z = z;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly long Sum() => x + y + z;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly int Greet(int value) => (int)(value + x);
}

internal sealed class Built
{
    public long Value { get; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public Built(long value) => Value = value * 2;
}

internal sealed class Box<T>(T value)
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Describe() => value?.ToString() ?? "null";
}

internal static class GenericMethods
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Echo<T>(T value) => value;
}

internal static class AsyncTargets
{
    public static async Task<int> AddLaterAsync(int value)
    {
        if (value % 1000 == 999)
        {
            await Task.Yield();
        }

        return value + 1;
    }
}

internal static partial class NativeTargets
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getpid")]
    public static extern int GetPid();
}

internal static class NeverInstantiated<T>
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Name() => typeof(T).Name;
}

internal static class StressTargets
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Churn(long value) => (value * 7) ^ (value >> 1);
}

internal static class UnpatchTargets
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Later(long value) => (value * 5) ^ (value >> 4);
}

/// <summary>A method the JIT would inline (small, no attributes) and its caller, compiled only after the patch.</summary>
internal static class InlineCandidates
{
    public static int Inlinable(int x) => x + 3;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int CallsInlinable(int x) => Inlinable(x) * 2;
}

internal static class ApiTargets
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Twice(int x) => x * 2;
}

/// <summary>A tiny callee and a hot caller that inlines it at Tier1 before any patch.</summary>
internal static class AlreadyInlined
{
    public static int Tiny(int x) => x ^ 5;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int HotCaller(int x) => Tiny(x) + 1;
}

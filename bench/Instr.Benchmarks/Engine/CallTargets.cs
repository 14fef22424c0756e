using System.Runtime.CompilerServices;

namespace Instr.Benchmarks.Engine;

/// <summary>Identical bodies, so plain, hand-counted and patched calls differ only by the counting.</summary>
internal static class CallTargets
{
    public static long HandCount;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Plain(long x) => x + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long HandCounted(long x)
    {
        Interlocked.Increment(ref HandCount);
        return x + 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Patched(long x) => x + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long PatchedOnTwoThreads(long x) => x + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long PlainOnTwoThreads(long x) => x + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Timed(long x) => x + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long TimedOnTwoThreads(long x) => x + 1;
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Instr.Patching.Scenarios.AfterInlining;

/// <summary>
/// Two call paths that throw. <see cref="Compute"/> inlines <see cref="Offset"/> (so patching Offset makes Compute a
/// caller to recompile) and calls <see cref="Fail"/>, which throws for a negative input. <see cref="Checked"/> inlines
/// <see cref="Validate"/>, whose throw helper is a real frame.
/// </summary>
internal static class TraceTargets
{
    public static int Offset(int x) => x + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Fail(int x)
    {
        if (x < 0)
        {
            throw new InvalidOperationException("negative " + x);
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Compute(int x) => Fail(Offset(x)) * 2;

    public static int Validate(int x)
    {
        if (x < 0)
        {
            ThrowNegative(x);
        }

        return x + 3;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Checked(int x) => Validate(x) * 5;

    [MethodImpl(MethodImplOptions.NoInlining)]
    [DoesNotReturn]
    private static void ThrowNegative(int x) => throw new ArgumentOutOfRangeException(nameof(x), x, "negative");
}

/// <summary>The same frames below the throw every time: the catching method is the last frame of the trace.</summary>
internal static class TraceCapture
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string ThroughCompute()
    {
        try
        {
            return "no exception: " + TraceTargets.Compute(-5);
        }
        catch (InvalidOperationException e)
        {
            return e.StackTrace ?? "no trace";
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string ThroughChecked()
    {
        try
        {
            return "no exception: " + TraceTargets.Checked(-2);
        }
        catch (ArgumentOutOfRangeException e)
        {
            return e.StackTrace ?? "no trace";
        }
    }
}

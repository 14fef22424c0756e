namespace PlainConsoleApp;

/// <summary>Called exactly 5 times per run (tests patch it with INSTR_PATCH and compare the count).</summary>
public static class Squares
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static long Of(int n) => (long)n * n;
}

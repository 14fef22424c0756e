namespace OtelApp;

/// <summary>The method the tests patch (INSTR_PATCH); Program calls it exactly as often as its first argument says.</summary>
public static class Work
{
    private static long s_total;

    public static void Step(int amount) => Interlocked.Add(ref s_total, amount);

    public static long Total => Interlocked.Read(ref s_total);
}

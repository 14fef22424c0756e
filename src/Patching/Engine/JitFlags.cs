namespace Instr.Patching.Engine;

/// <summary>The CORJIT flags the engine reads from a compile record (the bit is the same on every served runtime).</summary>
internal static class JitFlags
{
    /// <summary>An on-stack-replacement body: entered mid-loop from its Tier0 body, never through the method's start,
    /// so it is neither detoured nor counted (the Tier0 body already counted the call).</summary>
    public static bool IsOsr(ulong jitFlags) => ((jitFlags >> 7) & 1) != 0;
}

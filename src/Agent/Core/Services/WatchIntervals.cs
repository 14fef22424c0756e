namespace Instr.Agent.Services;

/// <summary>Watch interval rules of the contract: default 1 s, never faster than 50 ms.</summary>
internal static class WatchIntervals
{
    public const uint Default = 1000;
    public const uint Minimum = 50;

    public static uint Normalize(uint requestedMs) => requestedMs == 0 ? Default : Math.Max(requestedMs, Minimum);
}

using System.Globalization;

namespace Instr.Agent.Leases;

/// <summary>What a --ttl may be: at least a second (shorter is surely a typo of units), at most 30 days (the timer's range).</summary>
internal static class LeaseLimits
{
    public static readonly TimeSpan MinimumTtl = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaximumTtl = TimeSpan.FromDays(30);

    public static TimeSpan Ttl(ulong milliseconds) =>
        milliseconds < MinimumTtl.TotalMilliseconds || milliseconds > MaximumTtl.TotalMilliseconds
            ? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ttl_ms {milliseconds} is out of range: a lease lasts from 1 s to 30 days"))
            : TimeSpan.FromMilliseconds(milliseconds);
}

using System.Numerics;

namespace Instr.Patching.Probes;

/// <summary>
/// Log-linear histogram buckets: values below 32 have a bucket each; above, every power of two is split into 32
/// equal sub-buckets, so a bucket spans 1/32 of its lower bound. A value read back as its bucket's midpoint is
/// within 1/64 (1.6%) of the true value. 1,344 buckets cover 0 to 2^45 ticks (hours), larger values share the last.
/// </summary>
internal static class LogLinearBuckets
{
    public const int SubBucketBits = 5;
    public const int SubBuckets = 1 << SubBucketBits;
    public const int MaxExponent = 45;

    public const int Count = (MaxExponent - SubBucketBits + 1) * SubBuckets + SubBuckets;

    public static int IndexOf(long value)
    {
        if (value < SubBuckets)
        {
            return value < 0 ? 0 : (int)value;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        if (exponent > MaxExponent)
        {
            return Count - 1;
        }

        var sub = (int)(value >> (exponent - SubBucketBits)) & (SubBuckets - 1);
        return ((exponent - SubBucketBits + 1) * SubBuckets) + sub;
    }

    /// <summary>The smallest value of a bucket.</summary>
    public static double LowerBound(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var exponent = (index / SubBuckets) - 1 + SubBucketBits;
        var sub = index % SubBuckets;
        return Math.ScaleB(SubBuckets + sub, exponent - SubBucketBits);
    }

    /// <summary>The value a bucket stands for: its midpoint (exact for the small ones).</summary>
    public static double Midpoint(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var exponent = (index / SubBuckets) - 1 + SubBucketBits;
        return LowerBound(index) + (Math.ScaleB(1, exponent - SubBucketBits) / 2);
    }
}

using System.Globalization;

namespace Instr.Agent.Leases;

/// <summary>
/// A patch that ends by itself: after a time (`patch --ttl`) or with the watch stream that took it (`watch --lease`).
/// The methods a lease patched are unpatched when it ends, unless someone unpatched them first.
/// </summary>
internal sealed class Lease
{
    private Lease(string description, long uid)
    {
        Description = description;
        Uid = uid;
    }

    /// <summary>"ttl 10m0s" or "watch": what the audit says about it.</summary>
    public string Description { get; }

    /// <summary>The uid of the client that took it.</summary>
    public long Uid { get; }

    /// <summary>The patterns patched under it, for the audit ("A; B").</summary>
    public string Patterns { get; private set; } = "";

    public void AddPattern(string pattern) => Patterns = Patterns.Length == 0 ? pattern : Patterns + "; " + pattern;

    public static Lease ForTtl(TimeSpan ttl, long uid) => new("ttl " + Format(ttl), uid);

    public static Lease ForWatch(long uid) => new("watch", uid);

    public override string ToString() => Description;

    private static string Format(TimeSpan ttl)
    {
        var text = new System.Text.StringBuilder();
        if (ttl.TotalHours >= 1)
        {
            text.Append(((long)ttl.TotalHours).ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (ttl.TotalMinutes >= 1)
        {
            text.Append(ttl.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        text.Append(ttl.Seconds.ToString(CultureInfo.InvariantCulture)).Append('s');
        if (ttl.Milliseconds != 0)
        {
            text.Append(ttl.Milliseconds.ToString(CultureInfo.InvariantCulture)).Append("ms");
        }

        return text.ToString();
    }
}

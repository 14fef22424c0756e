using System.Globalization;
using Instr.Protocol.V1;

namespace Instr.Cli.Rendering;

/// <summary>Text of the watch columns, shared by the plain and the live renderer so both show the same numbers.</summary>
internal static class SnapshotCells
{
    public static string Time(WatchSnapshot s) =>
        DateTimeOffset.FromUnixTimeMilliseconds(s.TimeUnixMs).UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Calls(MethodCounter m) => m.Calls.ToString(CultureInfo.InvariantCulture);

    public static string Rate(MethodCounter m) => m.Rate.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>The status cell of the live table: a partial count says so first, with what it misses.</summary>
    public static string Status(MethodCounter m) => PatchStateText.Of(m);

    public static bool IsPartial(MethodCounter m) => m.State == PatchState.Partial;

    public static string Timing(MethodCounter m) =>
        m.Probe == ProbeKind.Timing
            ? string.Create(CultureInfo.InvariantCulture, $"p50={m.P50Us:0.0}us p99={m.P99Us:0.0}us max={m.MaxUs:0.0}us exceptions={m.Exceptions} now: p50={m.WindowP50Us:0.0}us p99={m.WindowP99Us:0.0}us")
                + (m.Synchronous is { } part ? string.Create(CultureInfo.InvariantCulture, $" sync: p50={part.P50Us:0.0}us p99={part.P99Us:0.0}us") : string.Empty)
            : string.Empty;

    public static string Instrument(MeterValue v)
    {
        var tags = v.Tags.Count == 0
            ? string.Empty
            : "{" + string.Join(",", v.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")) + "}";
        return $"{v.Meter}/{v.Instrument}{tags}";
    }

    public static string Value(MeterValue v) => v.Value.ToString("0.###", CultureInfo.InvariantCulture);
}

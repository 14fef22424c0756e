using System.Text.Json;

namespace Instr.IntegrationTests.EndToEnd;

/// <summary>Reads the hook's count and SampleTarget's own ground truth out of one `watch --json` snapshot.</summary>
internal static class WatchSnapshotReader
{
    /// <summary>The canonical name and count of the patched method named <paramref name="name"/> (exactly),
    /// or null when no such method is in the snapshot.</summary>
    public static (string Name, long Calls)? HookCount(JsonDocument snapshot, string name)
    {
        foreach (var method in snapshot.RootElement.GetProperty("methods").EnumerateArray())
        {
            if (method.GetProperty("name").GetString() == name)
            {
                return (name, method.GetProperty("calls").GetInt64());
            }
        }

        return null;
    }

    /// <summary>SampleTarget's `sample.calls` value for a method (0 when the series does not exist yet).</summary>
    public static long GroundTruth(JsonDocument snapshot, string canonicalName)
    {
        foreach (var meter in snapshot.RootElement.GetProperty("meters").EnumerateArray())
        {
            if (meter.GetProperty("meter").GetString() == "SampleTarget"
                && meter.GetProperty("instrument").GetString() == "sample.calls"
                && meter.GetProperty("tags").TryGetProperty("method", out var method)
                && method.GetString() == canonicalName)
            {
                return (long)meter.GetProperty("value").GetDouble();
            }
        }

        return 0;
    }
}

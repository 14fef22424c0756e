using System.Reflection;
using Instr.Agent.Resolution;
using Instr.Agent.Services;

namespace Instr.Agent.Metrics;

/// <summary>
/// The live patches read for the exporters (Meter `instr`, Prometheus, OTLP): active patches only, sorted by name.
/// Canonical names are cached per method: a scrape of 10,000 patched methods should not rebuild 10,000 names.
/// </summary>
internal sealed class PatchedMethodReadings(EngineAccess engine)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<MethodBase, string> _names = [];

    public IReadOnlyList<MethodReading> Read()
    {
        var live = engine.LivePatches();
        var readings = new List<MethodReading>(live.Count);
        foreach (var patch in live)
        {
            if (patch.IsActive)
            {
                var histogram = patch.ReadTimingHistogram();
                readings.Add(new MethodReading(NameOf(patch.Method), patch.ReadCalls(), histogram is null ? null : DurationHistogram.From(histogram), patch.PatchedAt));
            }
        }

        readings.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return readings;
    }

    /// <summary>The canonical name of a patched method (cached).</summary>
    public string NameOf(MethodBase method)
    {
        lock (_gate)
        {
            if (!_names.TryGetValue(method, out var name))
            {
                name = MethodResolver.CanonicalName(method);
                _names[method] = name;
            }

            return name;
        }
    }
}

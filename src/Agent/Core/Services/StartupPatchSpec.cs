using EngineProbe = Instr.Patching.ProbeKind;

namespace Instr.Agent.Services;

/// <summary>One entry of INSTR_PATCH: <c>PATTERN[@count|@timing]</c>; entries are separated by ';'.</summary>
internal sealed record StartupPatchSpec(string Pattern, EngineProbe Probe)
{
    public static IReadOnlyList<StartupPatchSpec> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var specs = new List<StartupPatchSpec>();
        foreach (var raw in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = raw.LastIndexOf('@');
            var probeText = at >= 0 ? raw[(at + 1)..] : string.Empty;
            var probe = probeText switch
            {
                "timing" => EngineProbe.Timing,
                "count" => EngineProbe.Count,
                _ => (EngineProbe?)null,
            };
            specs.Add(probe is null ? new StartupPatchSpec(raw, EngineProbe.Count) : new StartupPatchSpec(raw[..at], probe.Value));
        }

        return specs;
    }
}

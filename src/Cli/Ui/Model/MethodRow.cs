using Instr.Protocol.V1;

namespace Instr.Cli.Ui.Model;

/// <summary>One method of the target app as the dashboard shows it.</summary>
internal sealed class MethodRow
{
    public MethodRow(string name, string assembly)
    {
        Name = name;
        Assembly = assembly;
    }

    /// <summary>Canonical name, e.g. <c>SampleTarget.Modules.ModuleA:FuncA1(System.Int32)</c>.</summary>
    public string Name { get; }

    public string Assembly { get; set; }

    public bool Patched { get; set; }

    /// <summary>True once the method was patched and later unpatched in this session (its last count stays visible).</summary>
    public bool Unpatched { get; set; }

    public long Calls { get; set; }

    /// <summary>
    /// The app's own count for this method, from the app Meter given with `instr ui --meter` (a measurement tagged
    /// method = this canonical name); null when the app reports none.
    /// </summary>
    public double? AppCalls { get; set; }

    /// <summary>Calls per second over the last seconds; null when unknown (not patched, or no snapshot yet).</summary>
    public double? Rate { get; set; }

    /// <summary>Recent (time, calls) readings the rate is computed from.</summary>
    public RateWindow RateHistory { get; } = new(TimeSpan.FromSeconds(3));

    /// <summary>Whether the patch counts every call (from the patch reply, then from each snapshot: it can change);
    /// unspecified before any patch.</summary>
    public Coverage Coverage { get; set; }

    /// <summary>What a partial patch does not count, and why; empty otherwise.</summary>
    public string CoverageReason { get; set; } = "";

    public IReadOnlyList<string> Notes { get; set; } = [];

    /// <summary>Durations and exceptions while the method is (or last was) patched with the timing probe; null for
    /// the count probe and before any snapshot.</summary>
    public MethodTiming? Timing { get; set; }

    /// <summary>Why the agent refused to patch this method the last time it was asked; null when it was not refused.</summary>
    public string? RefusedReason { get; set; }

    /// <summary>
    /// Agent time (Unix ms) of the last patch/unpatch made from this dashboard. A Watch snapshot taken before it
    /// describes the previous state and must not flip the row back.
    /// </summary>
    public long LastLocalChangeUnixMs { get; set; }
}

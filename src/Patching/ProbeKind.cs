namespace Instr.Patching;

/// <summary>What a patch measures.</summary>
public enum ProbeKind
{
    /// <summary>Counts calls (entries), exactly.</summary>
    Count,

    /// <summary>Counts calls and measures their duration (p50/p99/max) and exceptions.</summary>
    Timing,
}

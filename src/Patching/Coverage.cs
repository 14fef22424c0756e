namespace Instr.Patching;

/// <summary>Whether a live patch sees every call of its method.</summary>
public enum CoverageState
{
    /// <summary>Every call made from now on is counted.</summary>
    Complete,

    /// <summary>Some calls are not counted; <see cref="Coverage.Reason"/> says which and why.</summary>
    Partial,
}

/// <summary>
/// How much of a method's calls a patch counts. <see cref="CoverageState.Partial"/> always carries a one-line reason a
/// user can act on (e.g. which already-compiled callers still run an inlined copy). Coverage can change while a patch
/// lives (a caller re-routed later, a background check that finishes), so read it when you show it.
/// </summary>
/// <param name="State">Complete or partial.</param>
/// <param name="Reason">Null when complete; otherwise what is not counted and why.</param>
public sealed record Coverage(CoverageState State, string? Reason)
{
    /// <summary>Every call is counted.</summary>
    public static Coverage Complete { get; } = new(CoverageState.Complete, null);

    public bool IsComplete => State == CoverageState.Complete;

    /// <summary>Some calls are not counted, for <paramref name="reason"/>.</summary>
    public static Coverage Partial(string reason) => new(CoverageState.Partial, reason);
}

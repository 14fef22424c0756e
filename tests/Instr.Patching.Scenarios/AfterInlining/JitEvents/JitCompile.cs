namespace Instr.Patching.Scenarios.AfterInlining.JitEvents;

/// <summary>The optimization tier the runtime reports for a finished compile (bits 7–9 of the load event's MethodFlags).</summary>
internal enum JitTier
{
    Unknown = 0,
    MinOpts = 1,
    Optimized = 2,
    Tier0 = 3,
    Tier1 = 4,
    Tier1Osr = 5,
    Tier0Instrumented = 6,
    Tier1Instrumented = 7,
}

/// <summary>A method as the runtime's JIT events name it: type (with generic arguments, <c>System.__Canon</c> for
/// shared code), method name and IL signature text, e.g. <c>int32  (class System.String,int32)</c>.</summary>
internal sealed record JitMethodName(string Type, string Name, string Signature)
{
    /// <summary>Type:Name(parameters), the parameters as the signature text prints them.</summary>
    public override string ToString() => $"{Type}:{Name}{(Signature.LastIndexOf('(') is var open and >= 0 ? Signature[open..] : "")}";
}

/// <summary>A decision the JIT reported while compiling a root method: an inlinee it inlined, or refused with a reason.</summary>
internal sealed record JitInlineDecision(JitMethodName Inlinee, JitMethodName Inliner, bool Inlined, string? Reason);

/// <summary>
/// One finished JIT compile, as the runtime reported it: the method (by its MethodDesc, <c>MethodId</c>), where its
/// code is, its tier, and every inlining decision made while compiling it (nested inlines included: the events name
/// the root method being compiled).
/// </summary>
internal sealed record JitCompile(
    long Sequence,
    ulong MethodId,
    JitMethodName Method,
    JitTier Tier,
    bool SharedGenericCode,
    ulong CodeStart,
    uint CodeSize,
    IReadOnlyList<JitInlineDecision> Decisions)
{
    public bool IsOsr => Tier == JitTier.Tier1Osr;

    /// <summary>Tiers that are final: the runtime does not compile the method again on its own.</summary>
    public bool IsFinalTier => Tier is JitTier.Tier1 or JitTier.Optimized or JitTier.MinOpts;

    public override string ToString() => $"{Method} {Tier} body 0x{CodeStart:x} ({CodeSize} bytes)";
}

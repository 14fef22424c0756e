using System.Reflection;
using Instr.Patching.Runtime.CoreClr;
using Instr.Patching.Scenarios.AfterInlining.JitEvents;

namespace Instr.Patching.Scenarios.AfterInlining;

/// <summary>Whether a precondition holds now, and the evidence (or what is missing).</summary>
/// <param name="Settled">True when waiting longer cannot change the outcome (met, or the caller's final code does without the inline).</param>
internal sealed record PreconditionState(InlinedInto Spec, bool Met, string Evidence, bool Settled = false)
{
    public string ToLine() => $"PRECONDITION met={Met} inlined={Spec.Describe()} evidence={Evidence}";
}

/// <summary>
/// Proves a precondition from the runtime's JIT events: the caller's latest compile (not counting OSR bodies) is
/// final-tier code whose compile inlined the callee, and the caller's entry point leads to exactly that body — or,
/// for <see cref="CallerCode.OsrBody"/>, an OSR body of the caller inlined the callee while new calls still enter
/// the caller's Tier0 code (which jumps into that OSR body at its loop).
/// </summary>
internal static class PreconditionCheck
{
    public static PreconditionState Evaluate(JitCompileWitness witness, InlinedInto spec)
    {
        List<JitCompile> compiles = witness.Compiles.Where(c => IsCompileOf(c, spec.Caller)).ToList();
        JitCompile? entryBody = compiles.LastOrDefault(c => !c.IsOsr);
        if (entryBody is null)
        {
            return new(spec, false, "no compile of the caller seen yet");
        }

        string history = $"(compiles: {string.Join(" > ", compiles.Select(c => c.Tier))})";
        nint current = CurrentBody(entryBody.MethodId);
        if (current != (nint)entryBody.CodeStart)
        {
            return new(spec, false, $"entry leads to 0x{current:x}, not the latest body 0x{entryBody.CodeStart:x} {history}");
        }

        if (spec.Code == CallerCode.OsrBody)
        {
            return OsrBodyInlines(spec, compiles, entryBody, history);
        }

        if (!entryBody.IsFinalTier)
        {
            return new(spec, false, $"caller not at its final tier yet {history}");
        }

        string? inlined = Inlines(entryBody, spec.Callee);
        bool met = (inlined is not null) == (spec.Code == CallerCode.Entry);
        string evidence = inlined is not null ? $"{entryBody} {inlined}" : $"{entryBody} calls it: {Refusal(entryBody, spec.Callee)}";
        return new(spec, met, $"{evidence} {history}", Settled: true); // final-tier code is not compiled again
    }

    private static PreconditionState OsrBodyInlines(InlinedInto spec, List<JitCompile> compiles, JitCompile entryBody, string history)
    {
        if (entryBody.IsFinalTier)
        {
            return new(spec, false, $"caller reached {entryBody.Tier}: new calls no longer enter its loop's OSR body {history}", Settled: true);
        }

        JitCompile? osr = compiles.LastOrDefault(c => c.IsOsr && Inlines(c, spec.Callee) is not null);
        if (osr is null)
        {
            bool anyOsr = compiles.Any(c => c.IsOsr);
            return new(spec, false, anyOsr ? $"its OSR body does not inline it {history}" : $"no OSR body yet {history}", Settled: anyOsr);
        }

        return new(spec, true, $"{osr} {Inlines(osr, spec.Callee)}; new calls enter {entryBody} {history}", Settled: true);
    }

    /// <summary>Compiles of this method's code (a shared-code caller: the __Canon body; otherwise its own MethodDesc).</summary>
    public static bool IsCompileOf(JitCompile compile, MethodBase method)
    {
        if (!JitNames.Names(compile.Method, method))
        {
            return false;
        }

        return JitNames.RunsSharedCode(method) ? compile.SharedGenericCode : compile.MethodId == (ulong)method.MethodHandle.Value;
    }

    /// <summary>How the compile inlined the callee ("inlines X" or "inlines X through Y"), or null.</summary>
    public static string? Inlines(JitCompile compile, MethodBase callee)
    {
        JitInlineDecision? decision = compile.Decisions.FirstOrDefault(d => d.Inlined && JitNames.Names(d.Inlinee, callee));
        if (decision is null)
        {
            return null;
        }

        bool direct = decision.Inliner.Type == compile.Method.Type && decision.Inliner.Name == compile.Method.Name;
        return direct ? $"inlines {decision.Inlinee}" : $"inlines {decision.Inlinee} through {decision.Inliner}";
    }

    private static string Refusal(JitCompile compile, MethodBase callee) =>
        compile.Decisions.FirstOrDefault(d => !d.Inlined && JitNames.Names(d.Inlinee, callee)) is { } refused
            ? $"the JIT refused ({refused.Reason})"
            : compile.Tier == JitTier.MinOpts ? "compiled without optimization (no inlining)"
            : $"no inlining decision for it was reported (inlined there: {string.Join(", ", compile.Decisions.Where(d => d.Inlined).Select(d => d.Inlinee).Distinct())})";

    /// <summary>The body the entry point of this MethodDesc leads to now (for shared code: the __Canon method's own entry).</summary>
    private static nint CurrentBody(ulong methodDesc) => EntryChain.Walk(RuntimeMethodHandle.FromIntPtr((nint)methodDesc).GetFunctionPointer()).Body;
}

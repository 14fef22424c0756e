using System.Reflection;

namespace Instr.Patching;

/// <summary>Outcome of <see cref="MethodPatcher.Patch"/>.</summary>
/// <param name="Method">The method asked for.</param>
/// <param name="Handle">The live patch when it succeeded (also when the method was already patched); null when refused.</param>
/// <param name="RefusalReason">Why it was refused (null on success).</param>
/// <param name="Notes">Risks and facts the user should know (instantiations patched, shared code, inlined callers).</param>
public sealed record PatchResult(MethodBase Method, PatchedMethod? Handle, string? RefusalReason, IReadOnlyList<string> Notes)
{
    public bool Succeeded => Handle is not null;
}

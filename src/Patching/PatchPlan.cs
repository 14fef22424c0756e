using System.Reflection;

namespace Instr.Patching;

/// <summary>What <see cref="MethodPatcher.Patch"/> would do with a method, without doing it (a dry run).</summary>
/// <param name="Method">The method asked for (may be a generic definition: every instantiation is meant).</param>
/// <param name="CanPatch">False when the method is refused; <paramref name="RefusalReason"/> says why.</param>
/// <param name="RefusalReason">One line a user can act on, e.g. "abstract method: no body to patch".</param>
/// <param name="Notes">Risks that do not prevent patching, e.g. shared generic code or inlined callers.</param>
public sealed record PatchPlan(MethodBase Method, bool CanPatch, string? RefusalReason, IReadOnlyList<string> Notes);

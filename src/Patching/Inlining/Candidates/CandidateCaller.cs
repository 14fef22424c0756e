using System.Reflection;

namespace Instr.Patching.Inlining.Candidates;

/// <summary>A method whose IL references the callee (or a slot it fills), with how each reference is used.</summary>
/// <param name="Caller">The calling method as declared (a generic caller is its definition).</param>
/// <param name="Targets">Each referenced method as resolved in the caller's context (closed when the IL names an instantiation).</param>
internal sealed record CandidateCaller(MethodBase Caller, IReadOnlyList<CandidateReference> Targets);

/// <param name="Target">The referenced method (the callee, one of its instantiations, or a slot it fills).</param>
/// <param name="Kind">How the IL uses it.</param>
/// <param name="ViaSlot">True when the IL names a base/interface slot rather than the callee itself.</param>
internal sealed record CandidateReference(MethodBase Target, IlCallKind Kind, bool ViaSlot);

using System.Reflection;

namespace Instr.Patching.Inlining;

/// <summary>The decision for one caller whose IL references the callee.</summary>
/// <param name="Caller">The calling method (a generic caller is its definition).</param>
/// <param name="State">Inlined, calls, not compiled or unknown.</param>
/// <param name="Detail">One line: the evidence (e.g. "no call reaches the callee in 2 bodies (148 bytes)") or why it is unknown.</param>
public sealed record CallerVerdict(MethodBase Caller, CallerState State, string Detail);

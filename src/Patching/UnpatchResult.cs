using System.Reflection;

namespace Instr.Patching;

/// <summary>Outcome of <see cref="MethodPatcher.Unpatch"/>.</summary>
/// <param name="Method">The method asked for.</param>
/// <param name="Unpatched">True when a live patch was removed and the original code restored byte for byte.</param>
/// <param name="FinalCalls">The count at the moment the patch was removed.</param>
/// <param name="Reason">Why nothing was done (e.g. "not patched").</param>
public sealed record UnpatchResult(MethodBase Method, bool Unpatched, long FinalCalls, string? Reason);

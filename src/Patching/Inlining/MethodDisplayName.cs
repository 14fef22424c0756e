using System.Reflection;

namespace Instr.Patching.Inlining;

/// <summary>The engine's entry point for naming a method in notes: the canonical name of <see cref="MethodNames"/>,
/// so that a caller named in a note can be pasted into <c>instr patch</c>.</summary>
internal static class MethodDisplayName
{
    public static string Of(MethodBase method) => MethodNames.Canonical(method);
}

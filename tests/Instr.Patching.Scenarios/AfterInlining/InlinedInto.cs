using System.Reflection;

namespace Instr.Patching.Scenarios.AfterInlining;

/// <summary>Which code of the caller must contain the callee before the patch.</summary>
internal enum CallerCode
{
    /// <summary>The body new calls of the caller enter: its final-tier (Tier1 or fully optimized) code.</summary>
    Entry,

    /// <summary>An OSR body of the caller's loop (new calls enter Tier0 code and jump into it at the loop's patchpoint).</summary>
    OsrBody,

    /// <summary>The reverse fact: the caller's final code calls the callee (the JIT did not inline it there).</summary>
    EntryCallsIt,
}

/// <summary>
/// A scenario's precondition: <paramref name="Callee"/> is inlined into <paramref name="Caller"/>'s code before the
/// patch, so the patch alone cannot see those calls. <paramref name="Caller"/> is a closed method (a generic caller
/// names one instantiation: a value-type one has its own code, a reference-type one runs the shared code).
/// </summary>
internal sealed record InlinedInto(MethodBase Caller, MethodBase Callee, CallerCode Code = CallerCode.Entry)
{
    public string Describe() => Code switch
    {
        CallerCode.OsrBody => $"{Display(Callee)} in {Display(Caller)} (OSR body)",
        CallerCode.EntryCallsIt => $"{Display(Callee)} called, not inlined, by {Display(Caller)}",
        _ => $"{Display(Callee)} in {Display(Caller)}",
    };

    public static string Display(MethodBase method)
    {
        string type = method.DeclaringType is { } t ? Short(t) : "?";
        string arguments = method.IsGenericMethod ? $"<{string.Join(",", method.GetGenericArguments().Select(Short))}>" : "";
        return $"{type}:{method.Name}{arguments}({string.Join(",", method.GetParameters().Select(p => Short(p.ParameterType)))})";
    }

    private static string Short(Type type) =>
        type.IsGenericType && !type.IsByRef ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(",", type.GetGenericArguments().Select(Short))}>" : type.Name;
}

using System.Reflection;

namespace Instr.Patching.Scenarios.AfterInlining.JitEvents;

/// <summary>
/// Matches a <see cref="MethodBase"/> with the names the runtime's JIT events use: the type's full name with its
/// generic arguments in brackets (reference types as <c>System.__Canon</c>, the shared-code stand-in), the method
/// name, and the parameters of the signature text: their count, and the name of every parameter type that is neither
/// primitive nor generic (the events print IL names: <c>int32</c>, <c>class System.String</c>,
/// <c>value class System.ReadOnlySpan`1&lt;wchar&gt;</c>) — enough to tell apart the overloads the scenarios use.
/// A method on an open generic type matches every instantiation.
/// </summary>
internal static class JitNames
{
    private const string Canon = "System.__Canon";

    public static bool Names(JitMethodName name, MethodBase method) =>
        name.Name == method.Name && TypeMatches(name.Type, method.DeclaringType!) && ParametersFit(name.Signature, AsDeclared(method).GetParameters());

    /// <summary>The type as the runtime prints it, e.g. <c>Ns.Cell`1[System.Int32]</c> or <c>Ns.Cell`1[System.__Canon]</c>.</summary>
    public static string TypeText(Type type)
    {
        if (!type.IsGenericType || type.IsGenericTypeDefinition)
        {
            return type.FullName ?? type.Name;
        }

        string arguments = string.Join(",", type.GetGenericArguments().Select(a => a.IsValueType ? TypeText(a) : Canon));
        return $"{type.GetGenericTypeDefinition().FullName}[{arguments}]";
    }

    /// <summary>True when the method's code is shared between reference-type instantiations (one __Canon body).</summary>
    public static bool RunsSharedCode(MethodBase method)
    {
        IEnumerable<Type> arguments = method.DeclaringType!.GetGenericArguments();
        if (method.IsGenericMethod)
        {
            arguments = arguments.Concat(method.GetGenericArguments());
        }

        return arguments.Any(a => !a.IsValueType && !a.IsGenericParameter);
    }

    private static bool TypeMatches(string text, Type type) =>
        type.IsGenericTypeDefinition ? text.StartsWith(type.FullName + "[", StringComparison.Ordinal) : text == TypeText(type);

    /// <summary>The method as declared (its own and its type's generic parameters open): the events print those as !0, !!0.</summary>
    private static MethodBase AsDeclared(MethodBase method) => method.Module.ResolveMethod(method.MetadataToken) ?? method;

    private static bool ParametersFit(string signature, ParameterInfo[] parameters)
    {
        if (ParameterCount(signature) != parameters.Length)
        {
            return false;
        }

        int open = signature.LastIndexOf('(');
        string list = open < 0 ? "" : signature[open..];
        return parameters.Select(p => Innermost(p.ParameterType))
            .Where(t => !t.IsPrimitive && !t.ContainsGenericParameters)
            .All(t => list.Contains(t.Name, StringComparison.Ordinal));
    }

    /// <summary>The element type of arrays, by-refs and pointers (int[] prints as int32[]).</summary>
    private static Type Innermost(Type type) => type.HasElementType ? Innermost(type.GetElementType()!) : type;

    /// <summary>Parameters in a signature such as <c>instance int32  (class System.String,value class X`1&lt;int32,int32&gt;)</c>.</summary>
    private static int ParameterCount(string signature)
    {
        int open = signature.LastIndexOf('(');
        int close = signature.LastIndexOf(')');
        if (open < 0 || close <= open + 1)
        {
            return 0;
        }

        int count = 1;
        int depth = 0;
        foreach (char c in signature.AsSpan(open + 1, close - open - 1))
        {
            depth += c is '<' or '[' ? 1 : c is '>' or ']' ? -1 : 0;
            count += c == ',' && depth == 0 ? 1 : 0;
        }

        return count;
    }
}

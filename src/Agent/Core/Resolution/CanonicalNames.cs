using System.Reflection;
using System.Text;

namespace Instr.Agent.Resolution;

/// <summary>
/// Builds canonical method names: <c>Namespace.Type:Method(ParamType, ...)</c> (product.md, "Method names").
/// Decisions where product.md is silent — each one pinned by CanonicalNameTests:
/// <list type="bullet">
/// <item>Declaring type: the CLR full name of the definition (<c>Ns.Outer+Inner</c>, <c>Ns.Box`1</c>). A method of a
///   constructed type (only seen when a caller passes one in) shows its arguments: <c>Ns.Box`1[System.Int32]</c>.</item>
/// <item>Generic method definitions carry their arity like ILDasm: <c>Ns.Util:Echo``1(T)</c>; a constructed generic
///   method adds its arguments: <c>Ns.Util:Echo``1[System.Int32](System.Int32)</c>.</item>
/// <item>Parameter types: CLR full names without assembly qualification; generic parameters by their declared
///   name (<c>T</c>, <c>TKey</c>); generic instantiations as <c>System.Collections.Generic.List`1[System.Int32]</c>
///   (a generic type over its own parameters too: <c>Ns.Box`1[T]</c>); byref <c>System.Int32&amp;</c> (ref, out
///   and in alike: the signature does not tell them apart); arrays <c>System.Int32[]</c>, <c>System.Int32[,]</c>;
///   pointers <c>System.Int32*</c>; parameters separated by <c>", "</c>.</item>
/// <item>A method without a declaring type (global function, DynamicMethod) uses <c>&lt;Module&gt;</c>.</item>
/// </list>
/// </summary>
internal static class CanonicalNames
{
    private const string GlobalTypeName = "<Module>";

    public static string Of(MethodBase method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return Of(method, ParameterTypeNames(method));
    }

    /// <summary>The canonical name from already formatted parameter types (saves formatting them twice).</summary>
    public static string Of(MethodBase method, string[] parameters)
    {
        var name = new StringBuilder(96);
        name.Append(DeclaringTypeName(method.DeclaringType)).Append(':').Append(MethodToken(method));
        if (method.IsGenericMethod && !method.IsGenericMethodDefinition)
        {
            AppendTypeArguments(name, method.GetGenericArguments());
        }

        name.Append('(');
        for (var i = 0; i < parameters.Length; i++)
        {
            if (i > 0)
            {
                name.Append(", ");
            }

            name.Append(parameters[i]);
        }

        return name.Append(')').ToString();
    }

    /// <summary>The type part of a canonical name.</summary>
    public static string DeclaringTypeName(Type? type) =>
        type is null ? GlobalTypeName : type.IsGenericTypeDefinition ? type.FullName ?? type.Name : TypeName(type);

    /// <summary>The method part without parameters: <c>Name</c>, or <c>Name``N</c> for generic methods.</summary>
    public static string MethodToken(MethodBase method) =>
        method.IsGenericMethod ? $"{method.Name}``{method.GetGenericArguments().Length}" : method.Name;

    public static string[] ParameterTypeNames(MethodBase method)
    {
        var parameters = method.GetParameters();
        var names = new string[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            names[i] = TypeName(parameters[i].ParameterType);
        }

        return names;
    }

    /// <summary>A type as it appears in a parameter list.</summary>
    public static string TypeName(Type type)
    {
        var name = new StringBuilder(48);
        AppendType(name, type);
        return name.ToString();
    }

    private static void AppendType(StringBuilder name, Type type)
    {
        if (type.IsGenericParameter)
        {
            name.Append(type.Name);
        }
        else if (type.IsByRef)
        {
            AppendType(name, type.GetElementType()!);
            name.Append('&');
        }
        else if (type.IsPointer)
        {
            AppendType(name, type.GetElementType()!);
            name.Append('*');
        }
        else if (type.IsArray)
        {
            AppendType(name, type.GetElementType()!);
            AppendArraySuffix(name, type);
        }
        else if (type.IsFunctionPointer)
        {
            // Rare in signatures; the runtime's own spelling is unambiguous enough and never null.
            name.Append(type.ToString());
        }
        else if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            name.Append(definition.FullName ?? definition.Name);
            AppendTypeArguments(name, type.GetGenericArguments());
        }
        else
        {
            name.Append(type.FullName ?? type.Name);
        }
    }

    private static void AppendArraySuffix(StringBuilder name, Type arrayType)
    {
        if (arrayType.IsSZArray)
        {
            name.Append("[]");
            return;
        }

        var rank = arrayType.GetArrayRank();
        // A rank-1 array that is not an SZArray has lower bounds: the CLR writes it [*].
        name.Append('[').Append(rank == 1 ? "*" : new string(',', rank - 1)).Append(']');
    }

    private static void AppendTypeArguments(StringBuilder name, Type[] arguments)
    {
        name.Append('[');
        for (var i = 0; i < arguments.Length; i++)
        {
            if (i > 0)
            {
                name.Append(',');
            }

            AppendType(name, arguments[i]);
        }

        name.Append(']');
    }
}

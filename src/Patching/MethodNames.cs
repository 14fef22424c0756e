using System.Reflection;
using System.Text;

namespace Instr.Patching;

/// <summary>
/// The one builder of canonical method names, <c>Namespace.Type:Method(ParamType, ...)</c>: every name instr prints
/// (lists, patch results, watch rows, notes naming callers, reports) comes from here, so that it can be pasted back
/// into <c>instr patch</c>. The grammar, with the decisions that go beyond "CLR full names":
/// <list type="bullet">
/// <item>Declaring type: the CLR full name of the type definition (<c>Ns.Outer+Inner</c>, <c>Ns.Box`1</c>).</item>
/// <item>Generic methods carry their arity like ILDasm: <c>Ns.Util:Echo``1(T)</c>.</item>
/// <item>An instantiation (<c>Box&lt;int&gt;.Set</c>, <c>Echo&lt;string&gt;</c>) is named by its definition
///   (<c>Ns.Box`1:Set(T)</c>): that is the name a pattern resolves, and a patch of the definition counts every
///   instantiation. Which instantiations exist is the business of notes, which spell types with <see cref="TypeName"/>
///   (<c>Ns.Box`1[System.Int32]</c>).</item>
/// <item>Parameter types: CLR full names without assembly qualification; generic parameters by their declared name
///   (<c>T</c>, <c>TKey</c>); generic instantiations as <c>System.Collections.Generic.List`1[System.Int32]</c> (a
///   generic type over its own parameters too: <c>Ns.Box`1[T]</c>); byref <c>System.Int32&amp;</c> (ref, out and in
///   alike: the signature does not tell them apart); arrays <c>System.Int32[]</c>, <c>System.Int32[,]</c>,
///   <c>System.Int32[*]</c> (rank 1 with bounds); pointers <c>System.Int32*</c>; function pointers in C# syntax
///   without the calling convention, return type last: <c>delegate*&lt;System.Int32,System.Void&gt;</c>; parameters
///   separated by <c>", "</c>.</item>
/// <item>A method without a declaring type (a module's global function, a DynamicMethod) is in <c>&lt;Module&gt;</c>.
///   Global functions resolve under that name; a DynamicMethod is in no assembly's metadata, so no pattern reaches
///   it.</item>
/// </list>
/// </summary>
public static class MethodNames
{
    /// <summary>The type part of a method that has no declaring type.</summary>
    public const string GlobalTypeName = "<Module>";

    /// <summary>How a function pointer type starts: <c>delegate*&lt;System.Int32,System.Void&gt;</c>.</summary>
    public const string FunctionPointerPrefix = "delegate*<";

    /// <summary>The canonical name of <paramref name="method"/> (of its definition, for an instantiation).</summary>
    public static string Canonical(MethodBase method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var definition = Definition(method);
        return Canonical(definition, ParameterTypeNames(definition));
    }

    /// <summary>The canonical name of a method definition from its already formatted parameter types (saves
    /// formatting them twice when the caller needs them as well).</summary>
    public static string Canonical(MethodBase definition, IReadOnlyList<string> parameterTypes)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var arity = definition.IsGenericMethod ? definition.GetGenericArguments().Length : 0;
        return Compose(DeclaringTypeName(definition.DeclaringType), definition.Name, arity, parameterTypes);
    }

    /// <summary>A canonical name from its parts, for callers that read them from metadata without loading a type
    /// (the parts spelled as <see cref="DeclaringTypeName"/> and <see cref="TypeName"/> spell them).</summary>
    /// <param name="typeName">The declaring type's full name.</param>
    /// <param name="methodName">The method's name as declared.</param>
    /// <param name="genericArity">Number of the method's own generic parameters (0 when it is not generic).</param>
    /// <param name="parameterTypes">Parameter types, spelled as in canonical names.</param>
    public static string Compose(string typeName, string methodName, int genericArity, IReadOnlyList<string> parameterTypes)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(methodName);
        ArgumentNullException.ThrowIfNull(parameterTypes);
        var name = new StringBuilder(typeName.Length + methodName.Length + 32);
        name.Append(typeName).Append(':').Append(methodName);
        if (genericArity > 0)
        {
            name.Append("``").Append(genericArity);
        }

        name.Append('(');
        for (var i = 0; i < parameterTypes.Count; i++)
        {
            if (i > 0)
            {
                name.Append(", ");
            }

            name.Append(parameterTypes[i]);
        }

        return name.Append(')').ToString();
    }

    /// <summary>The definition a method belongs to: itself, or for an instantiation (of a generic method, of a method
    /// of a generic type, or both) the method as declared.</summary>
    public static MethodBase Definition(MethodBase method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } instantiated)
        {
            method = instantiated.GetGenericMethodDefinition();
        }

        if (method.DeclaringType is { IsGenericType: true, IsGenericTypeDefinition: false } constructed
            && constructed.GetGenericTypeDefinition().GetMemberWithSameMetadataDefinitionAs(method) is MethodBase declared)
        {
            method = declared;
        }

        return method;
    }

    /// <summary>The type part of a canonical name: the full name of the type's definition.</summary>
    public static string DeclaringTypeName(Type? type)
    {
        if (type is null)
        {
            return GlobalTypeName;
        }

        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return definition.FullName ?? definition.Name;
    }

    /// <summary>The parameter types of <paramref name="method"/> as they appear in its canonical name.</summary>
    public static string[] ParameterTypeNames(MethodBase method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var parameters = method.GetParameters();
        var names = new string[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            names[i] = TypeName(parameters[i].ParameterType);
        }

        return names;
    }

    /// <summary>A type as it appears in a parameter list (and in notes: <c>Ns.Box`1[System.String]</c>).</summary>
    public static string TypeName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
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
            // C# syntax without the calling convention (as byref leaves out ref/out/in): delegate*<P1,P2,Return>.
            name.Append(FunctionPointerPrefix);
            AppendTypeList(name, [.. type.GetFunctionPointerParameterTypes(), type.GetFunctionPointerReturnType()]);
            name.Append('>');
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
        AppendTypeList(name, arguments);
        name.Append(']');
    }

    private static void AppendTypeList(StringBuilder name, Type[] types)
    {
        for (var i = 0; i < types.Length; i++)
        {
            if (i > 0)
            {
                name.Append(',');
            }

            AppendType(name, types[i]);
        }
    }
}

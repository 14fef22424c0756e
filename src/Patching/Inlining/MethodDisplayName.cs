using System.Reflection;

namespace Instr.Patching.Inlining;

/// <summary>Canonical method names of product.md: <c>Namespace.Type:Method(ParamType, ...)</c>.</summary>
internal static class MethodDisplayName
{
    public static string Of(MethodBase method)
    {
        Type? type = method.DeclaringType;
        string typeName = type is null ? "<module>" : (type.IsGenericType ? type.GetGenericTypeDefinition() : type).FullName ?? type.Name;
        string parameters = string.Join(", ", method.GetParameters().Select(parameter => parameter.ParameterType.FullName ?? parameter.ParameterType.Name));
        return $"{typeName}:{method.Name}({parameters})";
    }
}

using System.Reflection;
using Instr.Patching;

namespace Instr.Agent.Resolution;

/// <summary>Builds a catalog through reflection: for assemblies without readable metadata (dynamic ones).
/// Loads every type; tolerates types and methods that cannot be loaded.</summary>
internal static class ReflectionCatalogBuilder
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    public static MethodCatalog Build(Assembly assembly)
    {
        var types = new List<CatalogType>();
        foreach (var type in LoadableTypes(assembly))
        {
            var methods = DeclaredMethods(type);
            if (methods.Length > 0)
            {
                types.Add(new CatalogType(type.FullName ?? type.Name, () => methods));
            }
        }

        types.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        return new MethodCatalog(assembly.GetName().Name ?? string.Empty, types);
    }

    /// <summary>The catalog entry of one reflection method; null when its signature cannot be read.</summary>
    public static CatalogMethod? TryCreate(MethodBase method)
    {
        try
        {
            var parameters = MethodNames.ParameterTypeNames(method);
            var arity = method.IsGenericMethod ? method.GetGenericArguments().Length : 0;
            var signature = new CatalogSignature(parameters, MethodNames.Canonical(method, parameters));
            return new CatalogMethod(method.Name, arity, () => signature, () => method);
        }
        catch (Exception e) when (IsLoadFailure(e))
        {
            return null;
        }
    }

    public static bool IsLoadFailure(Exception e) =>
        e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException or NotSupportedException or MissingMemberException;

    private static Type[] LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return [.. partial.Types.OfType<Type>()];
        }
        catch (Exception) when (assembly.IsDynamic)
        {
            // A dynamic assembly under construction may refuse reflection; it simply has nothing to offer yet.
            return [];
        }
    }

    private static CatalogMethod[] DeclaredMethods(Type type)
    {
        MethodBase[] members;
        try
        {
            members = [.. type.GetMethods(Declared), .. type.GetConstructors(Declared)];
        }
        catch (Exception e) when (IsLoadFailure(e))
        {
            return [];
        }

        var methods = new List<CatalogMethod>(members.Length);
        foreach (var member in members)
        {
            if (TryCreate(member) is { } method)
            {
                methods.Add(method);
            }
        }

        return [.. methods];
    }
}

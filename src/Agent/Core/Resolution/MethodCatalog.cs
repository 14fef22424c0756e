using System.Reflection;
using System.Runtime.CompilerServices;

namespace Instr.Agent.Resolution;

/// <summary>
/// The types and methods of one assembly with their canonical names, sorted by type full name. Read from the
/// assembly's metadata when it has any (<see cref="MetadataCatalogBuilder"/>: no type is loaded to name a method, and
/// a type's methods are decoded only when a pattern reaches that type); dynamic assemblies go through reflection
/// (<see cref="ReflectionCatalogBuilder"/>). Cached in a ConditionalWeakTable: assemblies of the default context are
/// never unloaded, and the entry of a collectible one dies with it instead of keeping it alive. Dynamic assemblies
/// are rebuilt on every call (they gain types).
/// </summary>
internal sealed class MethodCatalog(string assemblyName, IReadOnlyList<CatalogType> types)
{
    private static readonly ConditionalWeakTable<Assembly, MethodCatalog> s_cache = [];

    public string AssemblyName { get; } = assemblyName;

    /// <summary>Sorted by full name (ordinal), which <see cref="TypeNamed"/> relies on.</summary>
    public IReadOnlyList<CatalogType> Types { get; } = types;

    /// <summary>The type with exactly this full name, or null (a binary search: exact names are looked up in the
    /// whole framework on every resolve).</summary>
    public CatalogType? TypeNamed(string fullName)
    {
        int low = 0, high = Types.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(Types[middle].FullName, fullName);
            if (order == 0)
            {
                return Types[middle];
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }

    public static MethodCatalog For(Assembly assembly) =>
        assembly.IsDynamic ? ReflectionCatalogBuilder.Build(assembly) : s_cache.GetValue(assembly, Build);

    private static MethodCatalog Build(Assembly assembly) =>
        MetadataCatalogBuilder.TryBuild(assembly) ?? ReflectionCatalogBuilder.Build(assembly);
}

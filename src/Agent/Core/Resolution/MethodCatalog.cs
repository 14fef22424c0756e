using System.Reflection;
using System.Runtime.CompilerServices;

namespace Instr.Agent.Resolution;

/// <summary>
/// The methods of one assembly, with their canonical names, sorted (type full name, then canonical name).
/// Built once per assembly and cached in a ConditionalWeakTable: assemblies of the default context are never
/// unloaded, and an entry of a collectible context dies with its assembly instead of keeping it alive.
/// Dynamic assemblies are rebuilt on every call (they can gain types) and never throw out of here.
/// </summary>
internal sealed class MethodCatalog
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    private static readonly ConditionalWeakTable<Assembly, MethodCatalog> s_cache = [];

    private MethodCatalog(string assemblyName, CatalogType[] types)
    {
        AssemblyName = assemblyName;
        Types = types;
    }

    public string AssemblyName { get; }

    public IReadOnlyList<CatalogType> Types { get; }

    public static MethodCatalog For(Assembly assembly) =>
        assembly.IsDynamic ? Build(assembly) : s_cache.GetValue(assembly, Build);

    private static MethodCatalog Build(Assembly assembly)
    {
        var types = new List<CatalogType>();
        foreach (var type in LoadableTypes(assembly))
        {
            var methods = DeclaredMethods(type);
            if (methods.Length > 0)
            {
                types.Add(new CatalogType(type.FullName ?? type.Name, methods));
            }
        }

        types.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        return new MethodCatalog(assembly.GetName().Name ?? string.Empty, [.. types]);
    }

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
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException or NotSupportedException)
        {
            return [];
        }

        var methods = new List<CatalogMethod>(members.Length);
        foreach (var member in members)
        {
            var method = CatalogMethod.TryCreate(member);
            if (method is not null)
            {
                methods.Add(method);
            }
        }

        methods.Sort((a, b) => string.CompareOrdinal(a.CanonicalName, b.CanonicalName));
        return [.. methods];
    }
}

/// <summary>A type and its declared methods.</summary>
internal sealed class CatalogType(string fullName, CatalogMethod[] methods)
{
    public string FullName { get; } = fullName;

    /// <summary>The full name with the generic arity markers removed (<c>Ns.Box`1</c> → <c>Ns.Box</c>), so that a
    /// pattern may leave the arity out, as it may for generic methods.</summary>
    public string? FullNameWithoutArity { get; } = WithoutArity(fullName);

    public IReadOnlyList<CatalogMethod> Methods { get; } = methods;

    public bool Matches(GlobPattern pattern) =>
        pattern.IsMatch(FullName) || (FullNameWithoutArity is not null && pattern.IsMatch(FullNameWithoutArity));

    private static string? WithoutArity(string name)
    {
        if (!name.Contains('`', StringComparison.Ordinal))
        {
            return null;
        }

        var result = new System.Text.StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '`' && i + 1 < name.Length && char.IsAsciiDigit(name[i + 1]))
            {
                while (i + 1 < name.Length && char.IsAsciiDigit(name[i + 1]))
                {
                    i++;
                }

                continue;
            }

            result.Append(name[i]);
        }

        return result.ToString();
    }
}

/// <summary>A method with the parts of its canonical name that patterns are matched against.</summary>
internal sealed class CatalogMethod
{
    private CatalogMethod(MethodBase method, string token, string[] parameters, string canonicalName)
    {
        Method = method;
        Token = token;
        Parameters = parameters;
        CanonicalName = canonicalName;
    }

    public MethodBase Method { get; }

    /// <summary><c>Name</c>, or <c>Name``N</c> for a generic method.</summary>
    public string Token { get; }

    public IReadOnlyList<string> Parameters { get; }

    public string CanonicalName { get; }

    /// <summary>Null when the signature cannot be read (a parameter type from a missing assembly).</summary>
    public static CatalogMethod? TryCreate(MethodBase method)
    {
        try
        {
            var parameters = CanonicalNames.ParameterTypeNames(method);
            return new CatalogMethod(method, CanonicalNames.MethodToken(method), parameters, CanonicalNames.Of(method, parameters));
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>A generic method matches by its plain name too: <c>Echo</c> as well as <c>Echo``1</c>.</summary>
    public bool MatchesName(GlobPattern pattern) =>
        pattern.IsMatch(Token) || (Method.IsGenericMethod && pattern.IsMatch(Method.Name));

    public bool MatchesParameters(IReadOnlyList<GlobPattern> patterns)
    {
        if (patterns.Count != Parameters.Count)
        {
            return false;
        }

        for (var i = 0; i < patterns.Count; i++)
        {
            if (!patterns[i].IsMatch(Parameters[i]))
            {
                return false;
            }
        }

        return true;
    }
}

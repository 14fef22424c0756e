using System.Reflection;
using Instr.Patching;

namespace Instr.Agent.Resolution;

/// <summary>
/// Resolves names and glob patterns (grammar in product.md, "Method names"; parsing in
/// <see cref="MethodPatternParser"/>) to the declared methods and constructors — static and instance, every
/// visibility, nested and compiler-generated types included, abstract and extern too (the engine refuses those) —
/// of the app's loaded assemblies (<see cref="AssemblyFilter"/>). A generic definition stands for all its
/// instantiations.
/// </summary>
internal sealed class MethodResolver(Func<IEnumerable<Assembly>> assemblies)
{
    // Conversion operators can share a canonical name (the return type is not part of it): the metadata token
    // keeps their order stable.
    private static readonly Comparer<ResolvedMethod> s_byName = Comparer<ResolvedMethod>.Create((a, b) =>
        string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : a.Method.MetadataToken.CompareTo(b.Method.MetadataToken));

    /// <summary>Every method in the app's loaded assemblies except the agent's own and, unless
    /// <paramref name="includeFramework"/>, the framework's.</summary>
    public MethodResolver()
        : this(() => AppDomain.CurrentDomain.GetAssemblies())
    {
    }

    /// <summary>Methods matching <paramref name="pattern"/> (empty or null: every method), in a stable order
    /// (assembly, type, method, signature). Throws <see cref="PatternSyntaxException"/> for a malformed pattern.</summary>
    public IReadOnlyList<ResolvedMethod> Resolve(string? pattern, bool includeFramework = false) =>
        ResolveParsed(MeansEverything(pattern) ? MethodPattern.Everything : MethodPattern.Parse(pattern), includeFramework);

    /// <summary>Methods matching an already parsed pattern (see <see cref="MethodPattern.Parse"/>, which refuses an
    /// empty pattern: the form for patch and unpatch). Named apart from <see cref="Resolve(string?, bool)"/> so that
    /// <c>Resolve(null)</c> stays unambiguous.</summary>
    /// <remarks>A reading whose type part has no wildcard names its type exactly, so it also searches the framework
    /// without <paramref name="includeFramework"/> (<c>System.Numerics.BigInteger:Parse</c>): nobody types a framework
    /// type's full name by accident, while a glob such as <c>*:Parse</c> would drown the app's methods in the
    /// framework's. An exact type name that some type has as its full name selects that type only; the generic arity
    /// may be left out (<c>Ns.Box:Describe</c> for <c>Ns.Box`1</c>) only when no type has the name as written, so that a
    /// canonical name never also reaches a generic namesake.</remarks>
    public IReadOnlyList<ResolvedMethod> ResolveParsed(MethodPattern pattern, bool includeFramework = false)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var reading = pattern.Primary;
        var catalogs = Catalogs(includeFramework || reading.NamesExactType);
        if (pattern.Fallback is { } fallback && !AnyTypeMatches(catalogs, reading.Type))
        {
            reading = fallback;
            catalogs = Catalogs(includeFramework || reading.NamesExactType);
        }

        var selectsFullNameOnly = reading.NamesExactType && catalogs.Exists(c => c.TypeNamed(reading.Type.Text) is not null);
        var results = new List<ResolvedMethod>();
        foreach (var catalog in catalogs)
        {
            IEnumerable<CatalogType> types = selectsFullNameOnly
                ? catalog.TypeNamed(reading.Type.Text) is { } named ? [named] : []
                : catalog.Types.Where(t => t.Matches(reading.Type));
            foreach (var type in types)
            {
                var firstOfType = results.Count;
                List<ResolvedMethod>? exactlyWritten = null;
                foreach (var method in type.Methods)
                {
                    if ((reading.Method is null || method.MatchesName(reading.Method))
                        && method.Signature is { IsReadable: true } signature
                        && (reading.Parameters is null || method.MatchesParameters(reading.Parameters))
                        && method.Method is { } resolved)
                    {
                        var found = new ResolvedMethod(resolved, signature.CanonicalName, catalog.AssemblyName);
                        results.Add(found);
                        if (reading.Parameters is not null && method.IsWrittenAs(reading.Method, reading.Parameters))
                        {
                            (exactlyWritten ??= []).Add(found);
                        }
                    }
                }

                if (exactlyWritten is not null)
                {
                    // A pattern that is, as written, the name and signature of some methods of this type means those
                    // only — not also what its globs and shorthands reach: the generic Requires``1(System.Boolean) next to
                    // Requires(System.Boolean) (a generic method matches by its plain name too), M(System.Byte&) next to
                    // M(System.Byte*) (a pointer's '*' is also a wildcard). So every canonical name resolves to its own
                    // method, and a pattern that is no method's exact name keeps its glob meaning.
                    results.RemoveRange(firstOfType, results.Count - firstOfType);
                    results.AddRange(exactlyWritten);
                }

                // Within a type: by canonical name, i.e. method name then signature.
                results.Sort(firstOfType, results.Count - firstOfType, s_byName);
            }
        }

        return results;
    }

    /// <summary>The canonical name of a method (product.md, "Method names"; the grammar is on <see cref="MethodNames"/>).</summary>
    public static string CanonicalName(MethodBase method) => MethodNames.Canonical(method);

    private List<MethodCatalog> Catalogs(bool includeFramework)
    {
        var catalogs = new List<MethodCatalog>();
        foreach (var assembly in assemblies().Distinct())
        {
            if (AssemblyFilter.IsAgentCode(assembly) || (!includeFramework && AssemblyFilter.IsFramework(assembly)))
            {
                continue;
            }

            catalogs.Add(MethodCatalog.For(assembly));
        }

        // Stable across runs and load order: by simple name; same-named assemblies (two load contexts) keep load order.
        return [.. catalogs.OrderBy(c => c.AssemblyName, StringComparer.Ordinal)];
    }

    private static bool AnyTypeMatches(List<MethodCatalog> catalogs, GlobPattern type) =>
        catalogs.Exists(catalog => catalog.Types.Any(t => t.Matches(type)));

    /// <summary>Null, empty or blank means "everything" (the <c>list</c> default); a blank text that is too long or
    /// holds control characters still goes to the parser, which says what is wrong with it.</summary>
    private static bool MeansEverything(string? pattern) =>
        pattern is null
        || (pattern.Length <= PatternCharacters.MaxLength && string.IsNullOrWhiteSpace(pattern) && !pattern.Any(char.IsControl));
}

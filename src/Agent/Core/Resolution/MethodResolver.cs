using System.Reflection;

namespace Instr.Agent.Resolution;

/// <summary>
/// Resolves names and glob patterns (grammar in product.md, "Method names") to methods of the loaded assemblies.
/// STUB: the resolution work item replaces the bodies; the signatures are the contract other parts code against.
/// </summary>
internal sealed class MethodResolver(Func<IEnumerable<Assembly>> assemblies)
{
    /// <summary>Every method in the app's loaded assemblies except the agent's own and, unless
    /// <paramref name="includeFramework"/>, the framework's.</summary>
    public MethodResolver()
        : this(() => AppDomain.CurrentDomain.GetAssemblies())
    {
    }

    /// <summary>Methods matching <paramref name="pattern"/> (empty or null: every method), in a stable order
    /// (assembly, type, method, signature). Throws <see cref="PatternSyntaxException"/> for a malformed pattern.</summary>
    public IReadOnlyList<ResolvedMethod> Resolve(string? pattern, bool includeFramework = false)
    {
        _ = assemblies;
        throw new NotImplementedException("method resolution: not implemented yet");
    }

    /// <summary>The canonical name of a method (product.md, "Method names").</summary>
    public static string CanonicalName(MethodBase method) =>
        throw new NotImplementedException("canonical names: not implemented yet");
}

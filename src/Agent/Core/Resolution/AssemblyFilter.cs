using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Instr.Agent.Resolution;

/// <summary>
/// Decides which loaded assemblies are the app's. Excluded always: the agent's own code — every assembly in the
/// agent's private AssemblyLoadContext and every assembly named <c>Instr.*</c> (or the CLI's <c>instr</c>), except
/// test assemblies (<c>*.Tests</c>), whose types are the resolver's own test targets. Excluded unless asked:
/// the framework, i.e. assemblies under the runtime's shared-framework directories (Microsoft.NETCore.App and its
/// siblings such as Microsoft.AspNetCore.App), or in a self-contained app the files its runtime packs brought
/// (<see cref="SelfContainedFramework"/>). Assemblies of the app's other load contexts (plugins, collectible
/// contexts) are the app's and are kept.
/// </summary>
internal static class AssemblyFilter
{
    private static readonly AssemblyLoadContext? s_agentContext = PrivateAgentContext();
    private static readonly string[] s_frameworkDirectories = FrameworkDirectories();
    private static readonly string s_runtimeDirectory = WithTrailingSeparator(RuntimeEnvironment.GetRuntimeDirectory());
    private static readonly HashSet<string> s_selfContainedFramework = SelfContainedFramework.FileNames(s_runtimeDirectory);

    public static bool IsAgentCode(Assembly assembly)
    {
        if (s_agentContext is not null && AssemblyLoadContext.GetLoadContext(assembly) == s_agentContext)
        {
            return true;
        }

        var name = assembly.GetName().Name ?? string.Empty;
        return name == "instr"
            || (name.StartsWith("Instr.", StringComparison.Ordinal) && !name.EndsWith(".Tests", StringComparison.Ordinal));
    }

    public static bool IsFramework(Assembly assembly)
    {
        if (assembly.IsDynamic)
        {
            return false;
        }

        string location;
        try
        {
            location = assembly.Location;
        }
        catch (Exception e) when (e is NotSupportedException or NotImplementedException)
        {
            // Assemblies without a file (in-memory, custom Assembly subclasses) are never the shared framework.
            return false;
        }

        if (location.Length == 0)
        {
            return false;
        }

        if (s_selfContainedFramework.Count > 0)
        {
            // Self-contained: the app shares its directory with the runtime; the runtime packs' files are the framework.
            return string.Equals(Path.GetDirectoryName(location) + Path.DirectorySeparatorChar, s_runtimeDirectory, StringComparison.Ordinal)
                && s_selfContainedFramework.Contains(Path.GetFileName(location));
        }

        foreach (var directory in s_frameworkDirectories)
        {
            if (location.StartsWith(directory, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The agent's context when it is a private one; null when the agent shares the default context
    /// (unit tests, an in-process host), where excluding the context would exclude the app.</summary>
    private static AssemblyLoadContext? PrivateAgentContext()
    {
        var context = AssemblyLoadContext.GetLoadContext(typeof(AssemblyFilter).Assembly);
        return context is null || context == AssemblyLoadContext.Default ? null : context;
    }

    /// <summary>The runtime directory (…/shared/Microsoft.NETCore.App/10.0.12/) and, when it sits in the usual
    /// layout, the whole …/shared/ directory that also holds the other shared frameworks.</summary>
    private static string[] FrameworkDirectories()
    {
        var runtime = WithTrailingSeparator(RuntimeEnvironment.GetRuntimeDirectory());
        var sharedRoot = Directory.GetParent(Path.TrimEndingDirectorySeparator(runtime))?.Parent;
        return sharedRoot is not null && sharedRoot.Name == "shared"
            ? [runtime, WithTrailingSeparator(sharedRoot.FullName)]
            : [runtime];
    }

    private static string WithTrailingSeparator(string directory) =>
        Path.EndsInDirectorySeparator(directory) ? directory : directory + Path.DirectorySeparatorChar;
}

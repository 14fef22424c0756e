using System.Reflection;
using System.Runtime.Loader;

/// <summary>
/// The agent's private load context. The agent's own packages (Grpc.*, Google.Protobuf, Iced, Instr.Patching and its
/// native library) come from the agent directory, so an app shipping other versions of them keeps its own. ASP.NET
/// Core is shared with the app when the app already runs on it (one copy, one set of EventSources); otherwise it is
/// loaded privately from the copy the agent carries (see <see cref="AspNetCoreLocation"/>). Everything else
/// (System.*) is the app's runtime.
/// Deliberately not a Resolving handler on the default context: that is process-wide and fails when the app ships
/// a lower version of one of our dependencies (see hosting-notes.md).
/// </summary>
internal sealed class AgentLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _agentDirectory;
    private readonly AspNetCoreLocation _aspNetCore;

    public AgentLoadContext(string agentAssemblyPath)
        : base("instr-agent", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(agentAssemblyPath);
        _agentDirectory = Path.GetDirectoryName(agentAssemblyPath)!;
        _aspNetCore = AspNetCoreLocation.Find(_agentDirectory);
    }

    /// <summary>For the log: where ASP.NET Core comes from.</summary>
    public string AspNetCoreSource => _aspNetCore.Describe();

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Meters, activities and diagnostic listeners only meet when both sides use the same types: the agent must see
        // the app's Meters (watch --meter) and the app's tools must see the agent's Meter `instr`. Always the app's copy.
        if (assemblyName.Name == "System.Diagnostics.DiagnosticSource")
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is not null)
        {
            return LoadFromAssemblyPath(path);
        }

        // null = let the default context load it: the app's runtime, or the app's own ASP.NET Core.
        var aspNetCorePath = _aspNetCore.PrivatePathOf(assemblyName);
        return aspNetCorePath is null ? null : LoadFromAssemblyPath(aspNetCorePath);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) ?? FindNativeInAgentDirectory(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>The engine ships a small .so next to Instr.Patching.dll, not always listed in deps.json.</summary>
    private string? FindNativeInAgentDirectory(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var candidate in new[] { name, name + ".so", "lib" + name + ".so" })
        {
            var path = Path.Combine(_agentDirectory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}

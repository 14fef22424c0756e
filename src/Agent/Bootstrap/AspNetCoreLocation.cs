using System.Reflection;
using System.Runtime.InteropServices;

/// <summary>
/// Where the agent gets ASP.NET Core from. If the app already has Kestrel in its trusted platform assemblies (a web
/// app, framework-dependent or self-contained), the agent shares the app's copy: private copies next to the app's
/// would load every ASP.NET Core assembly twice. Otherwise it uses the copy it carries (<c>aspnetcore/</c> in its
/// build directory: the Microsoft.AspNetCore.App runtime pack of the same .NET major version), so a self-contained
/// app or a machine without the ASP.NET Core runtime needs nothing installed. Only a build without that copy falls
/// back to the installed shared framework
/// <c>{runtime dir}/../../Microsoft.AspNetCore.App/{same major.minor as the running runtime, highest patch}</c>.
/// </summary>
internal sealed class AspNetCoreLocation
{
    private const string FrameworkName = "Microsoft.AspNetCore.App";
    private const string KestrelCoreFile = "Microsoft.AspNetCore.Server.Kestrel.Core.dll";
    private const string CarriedDirectoryName = "aspnetcore";

    private readonly string? _privateDirectory;
    private readonly string? _problem;

    private AspNetCoreLocation(string? privateDirectory, string? problem)
    {
        _privateDirectory = privateDirectory;
        _problem = problem;
    }

    public static AspNetCoreLocation Find(string agentDirectory)
    {
        if (AppHasAspNetCore())
        {
            return new AspNetCoreLocation(null, null);
        }

        var carried = Path.Combine(agentDirectory, CarriedDirectoryName);
        if (File.Exists(Path.Combine(carried, KestrelCoreFile)))
        {
            return new AspNetCoreLocation(carried, null);
        }

        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var frameworks = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", FrameworkName));
        var best = Directory.Exists(frameworks) ? HighestPatch(frameworks, Environment.Version) : null;
        return best is null
            ? new AspNetCoreLocation(null, $"the ASP.NET Core runtime {Environment.Version.Major}.{Environment.Version.Minor} is not installed in {frameworks} (the instr agent needs it)")
            : new AspNetCoreLocation(best, null);
    }

    public string Describe() => _problem ?? _privateDirectory ?? "shared with the app";

    /// <summary>The private path of an ASP.NET Core assembly, or null when the default context should load it.</summary>
    public string? PrivatePathOf(AssemblyName name)
    {
        if (_privateDirectory is null && _problem is null)
        {
            return null; // shared with the app
        }

        if (name.Name is null)
        {
            return null;
        }

        if (_problem is not null)
        {
            // Only complain about what the agent really needs from ASP.NET Core; System.* comes from the runtime.
            return name.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) ? throw new FileNotFoundException(_problem) : null;
        }

        var path = Path.Combine(_privateDirectory!, name.Name + ".dll");
        return File.Exists(path) ? path : null;
    }

    private static bool AppHasAspNetCore()
    {
        var tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (path.EndsWith(KestrelCoreFile, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string? HighestPatch(string frameworks, Version runtime)
    {
        string? best = null;
        var bestVersion = new Version(0, 0);
        foreach (var directory in Directory.EnumerateDirectories(frameworks))
        {
            var name = Path.GetFileName(directory);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (Version.TryParse(dash < 0 ? name : name[..dash], out var version)
                && version.Major == runtime.Major
                && version.Minor == runtime.Minor
                && version > bestVersion
                && File.Exists(Path.Combine(directory, KestrelCoreFile)))
            {
                best = directory;
                bestVersion = version;
            }
        }

        return best;
    }
}

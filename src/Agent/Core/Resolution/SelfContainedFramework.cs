using System.Text.Json;

namespace Instr.Agent.Resolution;

/// <summary>
/// The framework's files in a self-contained app. There the runtime directory is the app's own directory, so
/// "under the runtime directory" would call the app's assemblies framework too; instead the app's deps.json tells
/// which files came from a runtime pack (<c>"type": "runtimepack"</c>: Microsoft.NETCore.App, and
/// Microsoft.AspNetCore.App for a self-contained web app). Empty for a framework-dependent app.
/// </summary>
internal static class SelfContainedFramework
{
    private const string RuntimePackType = "runtimepack";

    /// <summary>File names (e.g. <c>System.Private.CoreLib.dll</c>) the runtime packs put into the app directory.</summary>
    public static HashSet<string> FileNames(string runtimeDirectory)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var depsFiles = AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? string.Empty;
        foreach (var deps in depsFiles.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(Path.GetDirectoryName(Path.GetFullPath(deps)) + Path.DirectorySeparatorChar, runtimeDirectory, StringComparison.Ordinal))
            {
                AddRuntimePackFiles(deps, names);
            }
        }

        return names;
    }

    private static void AddRuntimePackFiles(string depsPath, HashSet<string> names)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(depsPath));
            var root = document.RootElement;
            if (!root.TryGetProperty("libraries", out var libraries) || !root.TryGetProperty("targets", out var targets))
            {
                return;
            }

            foreach (var target in targets.EnumerateObject())
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    if (libraries.TryGetProperty(library.Name, out var info)
                        && info.TryGetProperty("type", out var type) && type.GetString() == RuntimePackType
                        && library.Value.TryGetProperty("runtime", out var runtime))
                    {
                        foreach (var file in runtime.EnumerateObject())
                        {
                            names.Add(Path.GetFileName(file.Name));
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // No readable deps.json: nothing is known to be framework, so every assembly is listed as the app's.
        }
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;

/// <summary>
/// Generates template apps under artifacts/template-apps/NAME with the SDK that runs the tests, applies their edits and
/// builds them Release. Each app is made once per test run, and reused across runs while its key (SDK version, recipe,
/// this generator's version) is unchanged, so CI pays for it once.
/// </summary>
internal static class TemplateAppBuilder
{
    // Bump when the steps below change in a way the key cannot see.
    private const string GeneratorVersion = "1";
    private const string KeyFile = ".template-app-key";

    private static readonly ConcurrentDictionary<string, Lazy<Task<TemplateApp>>> Apps = new(StringComparer.Ordinal);

    public static string Root => Path.Combine(RepoLayout.Artifacts, "template-apps");

    public static Task<TemplateApp> GetAsync(TemplateAppRecipe recipe) =>
        Apps.GetOrAdd(recipe.Name, _ => new Lazy<Task<TemplateApp>>(() => GenerateOrReuseAsync(recipe))).Value;

    private static async Task<TemplateApp> GenerateOrReuseAsync(TemplateAppRecipe recipe)
    {
        using var exclusive = await DirectoryLock.AcquireAsync(Root, TimeSpan.FromMinutes(15));
        WriteIsolationFiles();
        var sdk = (await ToolRunner.RunAsync(RepoLayout.DotnetHost, ["--version"], Root, TimeSpan.FromMinutes(1))).Trim();
        var key = Hash($"generator {GeneratorVersion}\nsdk {sdk}\n{recipe.Describe()}");
        var directory = Path.Combine(Root, recipe.Name);
        var keyPath = Path.Combine(directory, KeyFile);
        if (File.Exists(keyPath) && File.ReadAllText(keyPath) == key && FindOutput(recipe, directory) is { } cached)
        {
            return cached;
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        await ToolRunner.RunAsync(
            RepoLayout.DotnetHost,
            ["new", recipe.Template, .. recipe.TemplateArguments, "--name", recipe.Name, "--output", directory, "--no-restore", "--no-update-check"],
            Root,
            TimeSpan.FromMinutes(2));
        foreach (var fact in recipe.Facts)
        {
            fact.Check(directory);
        }

        foreach (var edit in recipe.Edits)
        {
            edit.Apply(directory);
        }

        // No build servers: a compiler or MSBuild node left running would outlive the test run (and keep its pipes).
        await ToolRunner.RunAsync(
            RepoLayout.DotnetHost,
            ["build", Path.Combine(directory, recipe.Name + ".csproj"), "-c", "Release", "-nologo", "-v:minimal", "--disable-build-servers"],
            directory,
            TimeSpan.FromMinutes(10));
        var built = FindOutput(recipe, directory)
            ?? throw new InvalidOperationException($"{recipe.Name} built, but no bin/Release/*/{recipe.Name}.dll is there");
        File.WriteAllText(keyPath, key);
        return built;
    }

    private static TemplateApp? FindOutput(TemplateAppRecipe recipe, string directory)
    {
        var release = Path.Combine(directory, "bin", "Release");
        if (!Directory.Exists(release))
        {
            return null;
        }

        var dll = Directory.EnumerateFiles(release, recipe.Name + ".dll", SearchOption.AllDirectories).SingleOrDefault();
        return dll is null ? null : new TemplateApp(recipe.Name, directory, Path.GetDirectoryName(dll)!, dll);
    }

    // The apps live inside this repository's tree, whose Directory.Build.props (warnings as errors, central package
    // versions) and .editorconfig would otherwise apply to them: these files end MSBuild's and the editorconfig
    // search here, so the apps build exactly as `dotnet new` made them.
    private static void WriteIsolationFiles()
    {
        const string EmptyProject = "<Project>\n  <!-- Template apps build as generated: nothing from the repository's own build settings. -->\n</Project>\n";
        WriteIfChanged("Directory.Build.props", EmptyProject);
        WriteIfChanged("Directory.Build.targets", EmptyProject);
        WriteIfChanged("Directory.Packages.props", EmptyProject);
        WriteIfChanged(".editorconfig", "root = true\n");
    }

    private static void WriteIfChanged(string name, string content)
    {
        var path = Path.Combine(Root, name);
        if (!File.Exists(path) || File.ReadAllText(path) != content)
        {
            File.WriteAllText(path, content);
        }
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

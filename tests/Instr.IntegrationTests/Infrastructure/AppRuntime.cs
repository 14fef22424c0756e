namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// Which runtime a test app runs on: the installed .NET 10 (framework-dependent, `dotnet app.dll`), or a
/// self-contained build for .NET 8, 9 or 10 that `make build` publishes from the runtime packs NuGet serves
/// (artifacts/selfcontained/TFM/APP/APP: no shared framework, no ASP.NET Core next to it).
/// </summary>
public static class AppRuntime
{
    public const string Installed = "installed";

    /// <summary>Every way the tests run an app: the theory data of the runtime tests.</summary>
    public static TheoryData<string> All => new() { Installed, "net8.0", "net9.0", "net10.0" };

    /// <summary>The self-contained runtimes other than the installed one.</summary>
    public static TheoryData<string> Older => new() { "net8.0", "net9.0" };

    /// <summary>The executable and leading arguments that start <paramref name="app"/> on <paramref name="runtime"/>.</summary>
    public static (string FileName, string[] Args) Launch(string runtime, string app)
    {
        if (runtime == Installed)
        {
            return (RepoLayout.DotnetHost, [app == "SampleTarget" ? RepoLayout.SampleTarget : RepoLayout.TestApp(app)]);
        }

        return (SelfContained(runtime, app), []);
    }

    /// <summary>The .NET Core 3.1 app (artifacts/selfcontained/netcoreapp3.1/OldRuntimeApp): a runtime instr does not serve.</summary>
    public static string OldRuntimeApp => SelfContained("netcoreapp3.1", "OldRuntimeApp");

    /// <summary>The directory of a self-contained build (its runtime files included).</summary>
    public static string SelfContainedDirectory(string runtime, string app) => Path.GetDirectoryName(SelfContained(runtime, app))!;

    private static string SelfContained(string runtime, string app)
    {
        var folder = app == "SampleTarget" ? "sample" : app;
        var path = Path.Combine(RepoLayout.Artifacts, "selfcontained", runtime, folder, app);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{Path.GetRelativePath(RepoLayout.Root, path)} is missing: run make build");
    }
}

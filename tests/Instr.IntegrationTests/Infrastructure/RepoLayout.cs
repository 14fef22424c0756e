namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// Where the repository and the build outputs are. Integration tests run the real artifacts that `make build`
/// produces (never a test-only copy), so a missing artifact is a setup error with one fix: "run make build".
/// </summary>
public static class RepoLayout
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory that holds Agent.sln (walked up from the test assembly's directory).</summary>
    public static string Root => LazyRoot.Value;

    public static string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>artifacts/bin/instr: the CLI executable.</summary>
    public static string InstrExecutable => Require(Path.Combine(Artifacts, "bin", "instr"));

    /// <summary>artifacts/agent/Instr.StartupHook.dll: the value for DOTNET_STARTUP_HOOKS.</summary>
    public static string StartupHook => Require(Path.Combine(Artifacts, "agent", "Instr.StartupHook.dll"));

    public static string AgentDirectory => Path.GetDirectoryName(StartupHook)!;

    /// <summary>The agent build the startup hook loads into an app on this test runner's runtime (one per served runtime).</summary>
    public static string AgentBuildDirectory => AgentBuildIn(AgentDirectory);

    /// <summary>The agent build for this runtime under an agent directory (the repository's, or an installed tool's).</summary>
    public static string AgentBuildIn(string agentDirectory) => Path.Combine(agentDirectory, $"net{Environment.Version.Major}.0");

    /// <summary>artifacts/sample/SampleTarget.dll: the demo app.</summary>
    public static string SampleTarget => Require(Path.Combine(Artifacts, "sample", "SampleTarget.dll"));

    /// <summary>The build output of a test app under tests/apps (e.g. "PlainConsoleApp"), Release preferred.</summary>
    public static string TestApp(string name)
    {
        foreach (var config in new[] { "Release", "Debug" })
        {
            var dll = Path.Combine(Root, "tests", "apps", name, "bin", config, "net10.0", name + ".dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new InvalidOperationException(
            $"test app {name} is not built (looked in tests/apps/{name}/bin/{{Release,Debug}}/net10.0): run make build");
    }

    /// <summary>The `dotnet` host that runs framework-dependent apps (the one running the tests, else PATH).</summary>
    public static string DotnetHost
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }

            var current = Environment.ProcessPath;
            return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        }
    }

    private static string Require(string path) =>
        File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{Path.GetRelativePath(Root, path)} is missing: run make build");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Agent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Agent.sln above {AppContext.BaseDirectory}: run the tests from the repository");
    }
}

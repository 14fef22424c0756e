namespace Instr.Benchmarks.Startup;

/// <summary>The built agent and test app the startup benchmark runs (both come from `make build`).</summary>
internal sealed record StartupLayout(string StartupHook, string App, string Dotnet)
{
    public static StartupLayout Find()
    {
        var root = RepositoryRoot();
        var hook = Built(Path.Combine(root, "artifacts", "agent", "Instr.StartupHook.dll"));
        var app = Built(TestApp(root, "PlainConsoleApp"));
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return new StartupLayout(hook, app, string.IsNullOrEmpty(dotnet) ? "dotnet" : dotnet);
    }

    /// <summary>The directory holding Agent.sln, above the running benchmark.</summary>
    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Agent.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("no Agent.sln above the benchmark: run it from the repository");
    }

    /// <summary>Where `make build` leaves the test app tests/apps/NAME.</summary>
    public static string TestApp(string root, string name) =>
        Path.Combine(root, "tests", "apps", name, "bin", "Release", "net10.0", name + ".dll");

    /// <summary><paramref name="path"/>, or an error that says to build first.</summary>
    public static string Built(string path) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run make build");
}

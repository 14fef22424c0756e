namespace Instr.Benchmarks.Startup;

/// <summary>The built agent and test app the startup benchmark runs (both come from `make build`).</summary>
internal sealed record StartupLayout(string StartupHook, string App, string Dotnet)
{
    public static StartupLayout Find()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Agent.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("no Agent.sln above the benchmark: run it from the repository");
        }

        var hook = Path.Combine(root.FullName, "artifacts", "agent", "Instr.StartupHook.dll");
        var app = Path.Combine(root.FullName, "tests", "apps", "PlainConsoleApp", "bin", "Release", "net10.0", "PlainConsoleApp.dll");
        foreach (var path in new[] { hook, app })
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{path} is missing: run make build");
            }
        }

        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return new StartupLayout(hook, app, string.IsNullOrEmpty(dotnet) ? "dotnet" : dotnet);
    }
}

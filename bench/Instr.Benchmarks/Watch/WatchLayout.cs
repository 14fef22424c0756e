using Instr.Benchmarks.Startup;

namespace Instr.Benchmarks.Watch;

/// <summary>What the watch benchmark runs, all from `make build`: the agent, the CLI and tests/apps/ManyMethodsApp.</summary>
internal sealed record WatchLayout(string StartupHook, string Instr, string App, string Dotnet)
{
    public static WatchLayout Find()
    {
        var startup = StartupLayout.Find();
        var root = StartupLayout.RepositoryRoot();
        var instr = StartupLayout.Built(Path.Combine(root, "artifacts", "bin", "instr"));
        var app = StartupLayout.Built(StartupLayout.TestApp(root, "ManyMethodsApp"));
        return new WatchLayout(startup.StartupHook, instr, app, startup.Dotnet);
    }
}

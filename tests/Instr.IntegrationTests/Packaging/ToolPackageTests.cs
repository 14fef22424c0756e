using Instr.IntegrationTests.Cli;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Packaging;

/// <summary>
/// The dotnet tool package of `make pack`, installed as a user would into an empty tool path, from that package alone
/// (a NuGet config whose only source is artifacts/nupkg): `instr agent-path`, `instr run --patch` and `instr attach`
/// work with nothing of the build tree, and the apps load the agent that came in the package.
/// </summary>
public sealed class ToolPackageTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_tool_package_installed_into_an_empty_tool_path_runs_and_attaches_with_its_own_agent()
    {
        using var sandbox = new TestSandbox();
        var tool = await InstallAsync(sandbox);
        var store = Path.Combine(sandbox.Root, "tools", ".store");

        var agentPath = await RunAsync(sandbox, tool, ["agent-path"]);
        Assert.True(agentPath.ExitCode == 0, agentPath.ToString());
        var agent = agentPath.StandardOutput.Trim();
        Assert.StartsWith(store, agent, StringComparison.Ordinal);
        Assert.True(File.Exists(agent), agent);

        var app = RepoLayout.TestApp("PlainConsoleApp");
        var run = await RunAsync(sandbox, tool, ["run", "--patch", "PlainConsoleApp.Squares:*", "--", RepoLayout.DotnetHost, app, "--exit", "7"]);
        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Matches(@"(?m)^ +5  PlainConsoleApp\.Squares:Of\(System\.Int32\)$", run.StandardError);

        var target = await CliApps.StartPlainAsync(sandbox, withAgent: false);
        var attach = await RunAsync(sandbox, tool, ["attach", target.Pid.Text()]);
        Assert.True(attach.ExitCode == 0, attach.ToString());
        // The app loaded the agent of the tool package, not the build tree's.
        var maps = await File.ReadAllTextAsync($"/proc/{target.Pid}/maps");
        Assert.Contains(Path.Combine(RepoLayout.AgentBuildIn(Path.GetDirectoryName(agent)!), "Instr.Agent.dll"), maps, StringComparison.Ordinal);
        Assert.DoesNotContain(RepoLayout.AgentDirectory + "/", maps, StringComparison.Ordinal);

        // A freshly attached agent may be slow to answer its first call on a busy machine: ask until it does (bounded).
        CommandResult? ps = null;
        await Poll.UntilAsync(
            () => PsJson.Row((ps = RunAsync(sandbox, tool, ["ps", "--json"]).GetAwaiter().GetResult()).StandardOutput, target.Pid)?.GetProperty("status").GetString() == "agent",
            CommandTimeout,
            () => $"the attached app never listed as agent: {ps}");
        Assert.False(target.HasExited);
    }

    private static async Task<string> InstallAsync(TestSandbox sandbox)
    {
        var nupkg = Directory.Exists(Path.Combine(RepoLayout.Artifacts, "nupkg"))
            ? Directory.GetFiles(Path.Combine(RepoLayout.Artifacts, "nupkg"), "instr.*.nupkg").SingleOrDefault()
            : null;
        Assert.True(nupkg is not null, "artifacts/nupkg/instr.<version>.nupkg is missing: run make pack (make test does)");
        var config = Path.Combine(sandbox.Root, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="instr-local" value="{Path.GetDirectoryName(nupkg)}" />
              </packageSources>
            </configuration>
            """);
        var version = Path.GetFileNameWithoutExtension(nupkg)["instr.".Length..];
        var toolPath = Path.Combine(sandbox.Root, "tools");
        var install = await RunAsync(sandbox, RepoLayout.DotnetHost, ["tool", "install", "instr", "--tool-path", toolPath, "--configfile", config, "--version", version]);
        Assert.True(install.ExitCode == 0, install.ToString());
        return Path.Combine(toolPath, "instr");
    }

    private static async Task<CommandResult> RunAsync(TestSandbox sandbox, string program, IReadOnlyList<string> args)
    {
        var child = sandbox.Start(program, args, withAgent: false);
        var code = await child.WaitForExitAsync(CommandTimeout);
        return new CommandResult(code, child.StandardOutput, child.StandardError);
    }
}

using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>
/// Where the agent's ASP.NET Core comes from: the app's own copy when the app is a web app (one copy, one set of
/// EventSources), framework-dependent or self-contained; else the copy the agent build of the app's runtime carries
/// (artifacts/agent/netX.0/aspnetcore), so nothing needs to be installed. Read from INSTR_LOG.
/// </summary>
public sealed class LoadContextTests
{
    [Fact]
    public async Task A_console_app_gets_ASP_NET_Core_privately_from_the_agents_own_copy()
    {
        using var sandbox = new TestSandbox();
        var log = Path.Combine(sandbox.Root, "agent.log");
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true);

        Assert.Equal(0, run.ExitCode);
        var carried = Path.Combine(RepoLayout.AgentDirectory, $"net{Environment.Version.Major}.0", "aspnetcore");
        Assert.Contains($"into load context 'instr-agent' (ASP.NET Core: {carried})", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_self_contained_web_app_on_dotnet_8_shares_its_own_ASP_NET_Core_with_the_agent()
    {
        using var sandbox = new TestSandbox();
        var log = Path.Combine(sandbox.Root, "agent.log");
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;
        sandbox.ExtraEnvironment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{FreePort.Loopback()}";
        var (executable, _) = AppRuntime.Launch("net8.0", "MinimalApiApp");

        var app = sandbox.Start(executable, [], withAgent: true, workingDirectory: Path.GetDirectoryName(executable));
        await sandbox.WaitForAgentSocketAsync(app);

        var text = File.ReadAllText(log);
        Assert.Contains($"loaded {Path.Combine(RepoLayout.AgentDirectory, "net8.0", "Instr.Agent.dll")}", text, StringComparison.Ordinal);
        Assert.Contains("into load context 'instr-agent' (ASP.NET Core: shared with the app)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_app_shares_its_ASP_NET_Core_with_the_agent()
    {
        using var sandbox = new TestSandbox();
        var log = Path.Combine(sandbox.Root, "agent.log");
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;
        sandbox.ExtraEnvironment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{FreePort.Loopback()}";
        var dll = RepoLayout.TestApp("MinimalApiApp");

        var app = sandbox.Start(RepoLayout.DotnetHost, [dll], withAgent: true, workingDirectory: Path.GetDirectoryName(dll));
        await sandbox.WaitForAgentSocketAsync(app);

        Assert.Contains("into load context 'instr-agent' (ASP.NET Core: shared with the app)", File.ReadAllText(log), StringComparison.Ordinal);
    }
}

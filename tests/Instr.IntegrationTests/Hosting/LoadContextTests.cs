using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>
/// Where the agent's ASP.NET Core comes from: the app's own copy when the app is a web app (one copy, one set of
/// EventSources), else the installed shared framework of the running runtime's major.minor. Read from INSTR_LOG.
/// </summary>
public sealed class LoadContextTests
{
    [Fact]
    public async Task A_console_app_gets_ASP_NET_Core_privately_from_the_matching_shared_framework()
    {
        using var sandbox = new TestSandbox();
        var log = Path.Combine(sandbox.Root, "agent.log");
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true);

        Assert.Equal(0, run.ExitCode);
        var runtime = Environment.Version;
        Assert.Contains("into load context 'instr-agent' (ASP.NET Core: ", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.Contains($"/Microsoft.AspNetCore.App/{runtime.Major}.{runtime.Minor}.", File.ReadAllText(log), StringComparison.Ordinal);
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

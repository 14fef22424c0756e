using System.Globalization;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Cli;

/// <summary>Apps the CLI tests talk to, started with the agent in a sandbox and waited for until their socket exists.</summary>
internal static class CliApps
{
    public static async Task<ChildProcess> StartSampleTargetAsync(TestSandbox sandbox)
    {
        var app = sandbox.StartApp(RepoLayout.SampleTarget, withAgent: true, "--rate", "200");
        await sandbox.WaitForAgentSocketAsync(app);
        return app;
    }

    /// <summary>PlainConsoleApp that stays up for a minute (the sandbox kills it at the end).</summary>
    public static async Task<ChildProcess> StartPlainAsync(TestSandbox sandbox, bool withAgent)
    {
        var app = sandbox.StartApp(RepoLayout.TestApp("PlainConsoleApp"), withAgent, "--ms", "60000");
        await app.WaitForOutputAsync("ready\n");
        if (withAgent)
        {
            await sandbox.WaitForAgentSocketAsync(app);
        }

        return app;
    }

    public static string Text(this int pid) => pid.ToString(CultureInfo.InvariantCulture);
}

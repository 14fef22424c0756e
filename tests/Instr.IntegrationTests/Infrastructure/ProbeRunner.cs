namespace Instr.IntegrationTests.Infrastructure;

/// <summary>Runs tests/apps/ConnectProbe against a socket as another OS user and returns its one-word outcome.</summary>
public static class ProbeRunner
{
    public static async Task<string> ProbeAsUserAsync(TestSandbox sandbox, string user, string socketPath)
    {
        using var probe = ChildProcess.Start(
            RepoLayout.DotnetHost,
            [RepoLayout.TestApp("ConnectProbe"), socketPath],
            sandbox.Environment(withAgent: false),
            sandbox.Root,
            user);
        await probe.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(probe.StandardError.Length == 0, $"ConnectProbe as {user} failed to run: {probe.StandardError}");
        return probe.StandardOutput.Trim();
    }
}

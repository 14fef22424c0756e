namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// Runs tests/apps/ConnectProbe against a socket as another OS user and returns its one-word outcome. The probe runs
/// from a world-readable copy in the sandbox, so it works wherever the repository is checked out.
/// </summary>
public static class ProbeRunner
{
    public static async Task<string> ProbeAsUserAsync(TestSandbox sandbox, string user, string socketPath)
    {
        using var probe = ChildProcess.Start(
            RepoLayout.DotnetHost,
            [WorldReadableCopy.OfFileDirectory(sandbox, RepoLayout.TestApp("ConnectProbe")), socketPath],
            sandbox.Environment(withAgent: false),
            sandbox.Root,
            user);
        await probe.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(probe.StandardError.Length == 0, $"ConnectProbe as {user} failed to run: {probe.StandardError}");
        return probe.StandardOutput.Trim();
    }
}

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>A finished run of an app: its exact output and exit code, and the agent socket seen while it ran.</summary>
public sealed record AppRun(int ExitCode, byte[] StandardOutputBytes, string StandardOutput, string StandardError, string? AgentSocket)
{
    public override string ToString() => $"exit {ExitCode}, agent socket {AgentSocket ?? "none"}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

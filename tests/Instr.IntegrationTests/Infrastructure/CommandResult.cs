namespace Instr.IntegrationTests.Infrastructure;

/// <summary>What a finished command left behind.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>A readable dump for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

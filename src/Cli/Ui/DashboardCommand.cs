using Instr.Cli.Transport;

namespace Instr.Cli.Ui;

/// <summary>
/// The `instr ui` dashboard. STUB owned by the UI helper, who replaces the body; the signature is the agreed contract:
/// the CLI picks and connects the agent, the dashboard runs until the user quits and returns the exit code.
/// </summary>
internal static class DashboardCommand
{
    public static Task<int> RunAsync(AgentConnection connection, CancellationToken ct)
    {
        _ = connection;
        _ = ct;
        throw new InstrException(ExitCode.Error, "the ui dashboard is not implemented yet");
    }
}

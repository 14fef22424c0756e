using Grpc.Core;
using Instr.Cli.Transport;
using Instr.Cli.Ui.Model;

namespace Instr.Cli.Ui;

/// <summary>
/// The `instr ui` dashboard: the CLI picks and connects the agent, the dashboard runs until the user quits and
/// returns the exit code (see DashboardSession for the screen itself).
/// </summary>
internal static class DashboardCommand
{
    /// <summary>How often the agent sends counts: fresh enough to watch, cheap for the app.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<int> RunAsync(AgentConnection connection, string? appMeter, CancellationToken ct)
    {
        // Terminal.Gui hangs silently without a terminal (ui-notes.md): say so instead.
        if (Console.IsInputRedirected || Console.IsOutputRedirected)
        {
            throw new InstrException(ExitCode.Usage, "instr ui needs an interactive terminal (when piping, use `instr watch`)");
        }

        var agent = new DashboardAgent(connection.Client, connection.Pid);
        DashboardModel model;
        try
        {
            // Asked before the terminal switches to the dashboard, so failures print as plain one-line errors.
            var info = await agent.GetProcessInfoAsync(ct);
            model = new DashboardModel(connection.Pid, string.IsNullOrEmpty(info.Name) ? "?" : info.Name, appMeter);
            await LoadMethodsAsync(agent, model, ct);
        }
        catch (RpcException e)
        {
            throw RpcErrors.ToInstrException(e, connection, "ui");
        }

        return new DashboardSession(agent, model, RefreshInterval).Run(ct);
    }

    private static async Task LoadMethodsAsync(DashboardAgent agent, DashboardModel model, CancellationToken ct)
    {
        try
        {
            var methods = await agent.ListMethodsAsync(ct);
            model.LoadMethods(methods.Methods);
            model.LastMessage = $"{model.RowCount} methods of {model.ProcessName}; press i to patch one by name or pattern, t to time it";
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            model.LastMessage = "the agent cannot list methods yet; press i to patch by name";
        }
    }
}

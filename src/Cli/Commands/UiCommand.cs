using System.CommandLine;
using Instr.Cli.Rendering;
using Instr.Cli.Transport;
using Instr.Cli.Ui;

namespace Instr.Cli.Commands;

/// <summary>`instr ui`: picks and connects the agent, then hands over to the dashboard (src/Cli/Ui).</summary>
internal static class UiCommand
{
    public static Command Create(CliConsole console, CommonOptions common)
    {
        var meter = new Option<string?>("--meter")
        {
            Description = "Show next to instr's count the app's own count per method: the app Meter NAME whose measurements are tagged method=<canonical name>",
            HelpName = "NAME",
        };
        var command = new Command("ui", "Interactive dashboard: methods, live counts, i to patch, t to patch with timing, u to unpatch, q to quit")
        {
            meter, common.Pid,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync(console, result.GetValue(common.Verbose), ct, async () =>
        {
            using var connection = await AgentLocator.ConnectAsync(result.GetValue(common.Pid), ct).ConfigureAwait(false);
            return (ExitCode)await DashboardCommand.RunAsync(connection, result.GetValue(meter), ct).ConfigureAwait(false);
        }));
        return command;
    }
}

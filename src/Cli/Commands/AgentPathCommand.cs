using System.CommandLine;
using Instr.Cli.Hosting;
using Instr.Cli.Rendering;

namespace Instr.Cli.Commands;

/// <summary>`instr agent-path`: for DOTNET_STARTUP_HOOKS=$(instr agent-path).</summary>
internal static class AgentPathCommand
{
    public static Command Create(CliConsole console, CommonOptions common)
    {
        var command = new Command("agent-path", "Print the absolute path of the agent assembly (for DOTNET_STARTUP_HOOKS)");
        command.SetAction((result, ct) => CommandRunner.RunAsync(console, result.GetValue(common.Verbose), ct, () =>
        {
            console.Out.WriteLine(AgentLocation.Require());
            return Task.FromResult(ExitCode.Ok);
        }));
        return command;
    }
}

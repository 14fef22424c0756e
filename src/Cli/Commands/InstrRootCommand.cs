using System.CommandLine;
using Instr.Cli.Rendering;

namespace Instr.Cli.Commands;

/// <summary>The verb tree of `instr`.</summary>
internal static class InstrRootCommand
{
    public static RootCommand Create(CliConsole console)
    {
        var common = new CommonOptions();
        var root = new RootCommand("instr: count calls of any method of a running .NET app, live")
        {
            common.Verbose,
            PsCommand.Create(console, common),
            ListCommand.Create(console, common),
            PatchCommand.Create(console, common),
            UnpatchCommand.Create(console, common),
            WatchCommand.Create(console, common),
            UiCommand.Create(console, common),
            AuditCommand.Create(console, common),
            RunCommand.Create(console, common),
            AttachCommand.Create(console, common),
            AgentPathCommand.Create(console, common),
        };
        HelpExamples.Install(root);
        Completions.Install(common);
        return root;
    }
}

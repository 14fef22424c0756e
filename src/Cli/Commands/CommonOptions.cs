using System.CommandLine;

namespace Instr.Cli.Commands;

/// <summary>
/// Options shared by the verbs (one instance per root command, added to each verb that uses it, so help shows
/// them only where they mean something).
/// </summary>
internal sealed class CommonOptions
{
    public CommonOptions()
    {
        Pid.Validators.Add(r =>
        {
            if (OptionValues.IntToken(r) is <= 0)
            {
                r.AddError("--pid must be a positive process id");
            }
        });
    }

    public Option<int?> Pid { get; } = new("--pid", "-p")
    {
        Description = "Process id of the target app (default: the only process with an agent)",
        HelpName = "PID",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write JSON instead of a table",
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Print stack traces of unexpected errors",
        Recursive = true,
    };
}

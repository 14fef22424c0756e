using System.CommandLine;
using Instr.Cli.Rendering;
using Instr.Cli.Transport;
using Instr.Protocol.V1;

namespace Instr.Cli.Commands;

/// <summary>`instr unpatch PATTERN|--all`: restore the original code.</summary>
internal static class UnpatchCommand
{
    public static Command Create(CliConsole console, CommonOptions common)
    {
        var pattern = PatternArgument.Create("Patched method name or pattern to restore", required: false);
        var all = new Option<bool>("--all") { Description = "Restore every patched method" };
        var command = new Command("unpatch", "Remove instrumentation from methods matching PATTERN (or --all)")
        {
            pattern, all, common.Pid, common.Json,
        };
        command.Validators.Add(r =>
        {
            var hasPattern = r.GetResult(pattern) is { Tokens.Count: > 0 };
            var hasAll = r.GetValue(all);
            if (hasPattern == hasAll)
            {
                r.AddError("give either a PATTERN or --all");
            }
        });
        command.SetAction((result, ct) => CommandRunner.RunAsync(console, result.GetValue(common.Verbose), ct, async () =>
        {
            using var connection = await AgentLocator.ConnectAsync(result.GetValue(common.Pid), ct).ConfigureAwait(false);
            var request = new UnpatchRequest { Pattern = result.GetValue(pattern) ?? string.Empty, All = result.GetValue(all) };
            var response = await AgentCall.UnaryAsync(connection, "unpatch", o => connection.Client.UnpatchAsync(request, o), ct).ConfigureAwait(false);
            Render(console, response, result.GetValue(common.Json));
            return ExitCode.Ok;
        }));
        return command;
    }

    internal static void Render(CliConsole console, UnpatchResponse response, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(JsonOutput.Unpatch(response));
            return;
        }

        foreach (var method in response.Unpatched)
        {
            console.Out.WriteLine($"unpatched\t{method.Name}\t{method.Calls} calls");
        }

        foreach (var method in response.Skipped)
        {
            console.Out.WriteLine($"skipped\t{method.Name}\t{method.Reason}");
        }
    }
}

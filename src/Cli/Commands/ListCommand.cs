using System.CommandLine;
using System.Globalization;
using Instr.Cli.Rendering;
using Instr.Cli.Transport;
using Instr.Protocol.V1;

namespace Instr.Cli.Commands;

/// <summary>`instr list [PATTERN] [--all] [--limit N]`: methods of the target's loaded assemblies.</summary>
internal static class ListCommand
{
    public static Command Create(CliConsole console, CommonOptions common)
    {
        var pattern = new Argument<string?>("PATTERN")
        {
            Description = "Method name or pattern (Namespace.Type:Method, * and ? wildcards); default: every method",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var all = new Option<bool>("--all") { Description = "Let type globs reach framework assemblies too (an exact type name always does)" };
        var limit = new Option<int>("--limit")
        {
            Description = "Show at most N methods (0: no limit)",
            HelpName = "N",
        };
        limit.Validators.Add(r =>
        {
            if (OptionValues.IntToken(r) is < 0)
            {
                r.AddError("--limit must be 0 or more");
            }
        });
        var command = new Command("list", "List methods of the target app's loaded assemblies")
        {
            pattern, all, limit, common.Pid, common.Json,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync(console, result.GetValue(common.Verbose), ct, async () =>
        {
            using var connection = await AgentLocator.ConnectAsync(result.GetValue(common.Pid), ct).ConfigureAwait(false);
            var request = new ListMethodsRequest
            {
                Pattern = result.GetValue(pattern) ?? string.Empty,
                IncludeFramework = result.GetValue(all),
                Limit = result.GetValue(limit),
            };
            var response = await AgentCall.UnaryAsync(connection, "list", o => connection.Client.ListMethodsAsync(request, o), ct).ConfigureAwait(false);
            Render(console, response, result.GetValue(common.Json));
            if (response.Methods.Count == 0 && !string.IsNullOrEmpty(request.Pattern))
            {
                var hint = request.IncludeFramework || !PatternText.GlobsTypes(request.Pattern) ? string.Empty : " (globs reach framework types only with --all)";
                throw new InstrException(ExitCode.NoMatch, $"no method matches '{request.Pattern}'{hint}");
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    internal static void Render(CliConsole console, ListMethodsResponse response, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(JsonOutput.Methods(response.Methods));
        }
        else
        {
            TableRenderers.For(console).Render(
                ["METHOD", "ASSEMBLY", "PATCHED", "CALLS"],
                response.Methods.Select(m => (IReadOnlyList<string>)
                [
                    m.Name,
                    m.Assembly,
                    m.Patched ? "yes" : "no",
                    m.Calls.ToString(CultureInfo.InvariantCulture),
                ]));
        }

        if (response.Truncated)
        {
            console.WriteError(string.Create(CultureInfo.InvariantCulture, $"showing the first {response.Methods.Count} methods; more matched (raise --limit)"));
        }
    }
}

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Instr.Cli.Commands;

/// <summary>
/// An "Examples:" section at the end of `--help`, for the root and every verb: System.CommandLine's help has usage,
/// arguments and options but no examples, and an example is what a new user copies first. Kept in one table so the
/// verbs' files stay about parsing and running.
/// </summary>
internal static class HelpExamples
{
    private static readonly Dictionary<string, string[]> ByVerb = new(StringComparer.Ordinal)
    {
        ["instr"] = ["instr ps", "instr attach 1234", "instr patch 'MyApp.Orders:*' && instr watch", "instr run --patch 'MyApp.Orders:*' -- dotnet test"],
        ["ps"] = ["instr ps", "instr ps --json | jq '.[] | select(.status == \"attachable\") | .pid'"],
        ["list"] = ["instr list 'MyApp.Orders.*'", "instr list -p 1234 'MyApp.Orders:Submit*' --json", "instr list 'System.Text.Json.*' --all --limit 20"],
        ["patch"] = ["instr patch 'MyApp.Orders:Submit'", "instr patch 'MyApp.Orders.*' --dry-run", "instr patch 'MyApp.Orders:*' --ttl 10m", "instr patch 'System.Numerics.BigInteger:Parse(string)'"],
        ["unpatch"] = ["instr unpatch 'MyApp.Orders:*'", "instr unpatch --all"],
        ["watch"] = ["instr watch", "instr watch --once --json", "instr watch --interval 500 --meter MyApp", "instr watch --lease 'MyApp.Orders:*'"],
        ["audit"] = ["instr audit", "instr audit -p 1234 --json | jq '.[] | select(.action == \"lease-end\")'"],
        ["ui"] = ["instr ui", "instr ui -p 1234 --meter MyApp"],
        ["run"] = ["instr run -- dotnet app.dll", "instr run --patch 'MyApp.Orders:*' -- dotnet test", "instr run --patch MyApp.Jobs:Run --report counts.ndjson -- dotnet batch.dll"],
        ["attach"] = ["instr ps    # lists attachable pids", "instr attach 1234"],
        ["agent-path"] = ["DOTNET_STARTUP_HOOKS=$(instr agent-path) dotnet app.dll"],
    };

    private static readonly ConditionalWeakTable<Command, string[]> Examples = [];

    /// <summary>The verbs (and the root) that have no example: a test keeps this empty.</summary>
    public static IEnumerable<string> Missing(RootCommand root) =>
        root.Subcommands.Select(c => c.Name).Append("instr").Where(name => !ByVerb.ContainsKey(name));

    /// <summary>Attaches the examples and makes the root's help option (recursive: it serves every verb) end with them.</summary>
    public static void Install(RootCommand root)
    {
        Examples.AddOrUpdate(root, ByVerb["instr"]);
        foreach (var verb in root.Subcommands)
        {
            if (ByVerb.TryGetValue(verb.Name, out var examples))
            {
                Examples.AddOrUpdate(verb, examples);
            }
        }

        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction standard } option)
        {
            option.Action = new WithExamples(standard);
        }
    }

    /// <summary>Whether this command line asks for help (then its other errors, such as a missing argument, do not matter).</summary>
    public static bool IsHelp(ParseResult parse) => parse.Action is WithExamples or HelpAction;

    /// <summary>The standard help, then the examples of the command it was asked for.</summary>
    private sealed class WithExamples(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = standard.Invoke(parseResult);
            if (Examples.TryGetValue(parseResult.CommandResult.Command, out var examples) && examples.Length > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine($"  {example}");
                }

                output.WriteLine();
            }

            return code;
        }
    }
}

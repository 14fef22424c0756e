using System.CommandLine;

namespace Instr.Cli.Commands;

/// <summary>The PATTERN argument of patch/unpatch: an empty or blank pattern is a usage error here, not "every method".</summary>
internal static class PatternArgument
{
    public static Argument<string> Create(string description, bool required)
    {
        var argument = new Argument<string>("PATTERN")
        {
            Description = description,
            Arity = required ? ArgumentArity.ExactlyOne : ArgumentArity.ZeroOrOne,
        };
        argument.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && string.IsNullOrWhiteSpace(r.Tokens[0].Value))
            {
                r.AddError("the pattern is empty; give a method name such as Namespace.Type:Method");
            }
        });
        return argument;
    }
}

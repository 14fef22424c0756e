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

/// <summary>The one fact about a pattern's text the CLI needs: whether its type part is a glob. The agent searches the
/// framework for an exact type name by itself; only a glob over types reaches framework types with <c>--all</c>
/// alone (product.md, "Framework methods"), so only then is <c>--all</c> worth suggesting when nothing matched.</summary>
internal static class PatternText
{
    public static bool GlobsTypes(string pattern)
    {
        var open = pattern.IndexOf('(', StringComparison.Ordinal);
        var head = open >= 0 ? pattern[..open] : pattern;
        var colon = head.IndexOf(':', StringComparison.Ordinal);
        string typePart;
        if (colon >= 0)
        {
            typePart = head[..colon];
        }
        else if (open >= 0)
        {
            // With a parameter list the pattern is Namespace.Type.Method: the type is what comes before the last dot.
            var dot = head.LastIndexOf('.');
            typePart = dot > 0 ? head[..dot] : head;
        }
        else
        {
            // Read first as a type pattern, then as Namespace.Type.Method; a glob anywhere is a glob in the first reading.
            typePart = head;
        }

        return typePart.AsSpan().IndexOfAny('*', '?') >= 0;
    }
}

using System.Text.RegularExpressions;

namespace Instr.Patching.Tests.Inlining;

/// <summary>
/// The JIT's own listing (DOTNET_JitDisasm output): for each compiled method, in compile order, its tier and
/// the targets of its calls, e.g. <c>call [Ns.Type:Method(int):int]</c>.
/// </summary>
public sealed class JitListing
{
    private const string Header = "; Assembly listing for method ";
    private const string SizeLine = "; Total bytes of code ";

    private readonly List<CompiledBody> _bodies;

    private JitListing(List<CompiledBody> bodies)
    {
        _bodies = bodies;
    }

    /// <summary>A compiled body: the method as the JIT names it (<c>Ns.Type:Method(args):ret</c>), its tier, its call lines.</summary>
    public sealed record CompiledBody(string Method, string Tier, IReadOnlyList<string> CallLines, int TotalBytes)
    {
        /// <summary>True when some call line names <paramref name="typeAndMethod"/> (<c>Type:Method</c>) as its target.</summary>
        public bool Calls(string typeAndMethod) => CallLines.Any(line => Names(line, typeAndMethod));
    }

    public static JitListing Parse(string text)
    {
        var bodies = new List<CompiledBody>();
        string? method = null;
        string tier = "";
        int totalBytes = 0;
        var calls = new List<string>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith(Header, StringComparison.Ordinal))
            {
                Flush();
                string rest = line[Header.Length..];
                int tierStart = rest.LastIndexOf(" (", StringComparison.Ordinal);
                method = tierStart < 0 ? rest : rest[..tierStart];
                tier = tierStart < 0 ? "" : rest[(tierStart + 2)..].TrimEnd(')');
            }
            else if (method is not null && line.StartsWith(SizeLine, StringComparison.Ordinal))
            {
                _ = int.TryParse(line[SizeLine.Length..].Trim(), out totalBytes);
            }
            else if (method is not null && line.TrimStart().StartsWith("call ", StringComparison.Ordinal))
            {
                calls.Add(line.Trim());
            }
        }

        Flush();
        return new JitListing(bodies);

        void Flush()
        {
            if (method is not null)
            {
                bodies.Add(new CompiledBody(method, tier, calls.ToList(), totalBytes));
            }

            calls.Clear();
            totalBytes = 0;
            method = null;
        }
    }

    /// <summary>The last body compiled for <paramref name="typeAndMethod"/> (<c>Type:Method</c>): the code its callers run now.</summary>
    public CompiledBody? Current(string typeAndMethod) =>
        _bodies.LastOrDefault(body => Names(body.Method, typeAndMethod));

    /// <summary>
    /// True when <paramref name="text"/> names <c>Type:Method</c> the way the JIT prints it: namespace-qualified,
    /// generic type and method arguments in brackets (<c>Ns.Box`1[int]:Get()</c>, <c>Ns.C:Echo[int](int)</c>).
    /// </summary>
    private static bool Names(string text, string typeAndMethod)
    {
        string[] parts = typeAndMethod.Split(':');
        string pattern = @"(^|[.\[\s])" + Regex.Escape(parts[0]) + @"(\[[^\]]*\])?:" + Regex.Escape(parts[1]) + @"[\(\[]";
        return Regex.IsMatch(text, pattern);
    }
}

using System.Reflection;

namespace Instr.Agent.Resolution;

/// <summary>
/// A method with the parts of its canonical name that patterns are matched against. Only the name is known up
/// front: the signature is decoded when a pattern gets past the name (or the whole list is wanted), and the
/// reflection object is made only for a method that matches — each at most once.
/// </summary>
internal sealed class CatalogMethod(string name, int genericArity, Func<CatalogSignature?> decode, Func<MethodBase?> materialize)
{
    private CatalogSignature? _signature;
    private MethodBase? _method;
    private bool _materialized;

    /// <summary>The plain name (<c>Echo</c>).</summary>
    public string Name { get; } = name;

    /// <summary><c>Name</c>, or <c>Name``N</c> for a generic method.</summary>
    public string Token { get; } = genericArity > 0 ? $"{name}``{genericArity}" : name;

    /// <summary>The decoded signature; null when it cannot be read (such a method is never listed).</summary>
    public CatalogSignature? Signature => _signature ??= decode() ?? CatalogSignature.Unreadable;

    /// <summary>The method, or null when the runtime cannot load it (a signature type from a missing assembly).</summary>
    public MethodBase? Method
    {
        get
        {
            if (!Volatile.Read(ref _materialized))
            {
                _method = materialize();
                Volatile.Write(ref _materialized, true);
            }

            return _method;
        }
    }

    /// <summary>A generic method matches by its plain name too: <c>Echo</c> as well as <c>Echo``1</c>.</summary>
    public bool MatchesName(GlobPattern pattern) =>
        pattern.IsMatch(Token) || (!ReferenceEquals(Token, Name) && pattern.IsMatch(Name));

    /// <summary>True when the method part (if any) is this method's name token and every parameter pattern is its
    /// parameter's canonical spelling, character for character (wildcard characters taken literally).</summary>
    public bool IsWrittenAs(GlobPattern? method, IReadOnlyList<GlobPattern> parameters)
    {
        if (method is not null && !string.Equals(method.Text, Token, StringComparison.Ordinal))
        {
            return false;
        }

        var own = Signature!.Parameters;
        if (own.Length != parameters.Count)
        {
            return false;
        }

        for (var i = 0; i < own.Length; i++)
        {
            if (!string.Equals(own[i], parameters[i].Text, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public bool MatchesParameters(IReadOnlyList<GlobPattern> patterns)
    {
        var parameters = Signature!.Parameters;
        if (patterns.Count != parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < patterns.Count; i++)
        {
            if (!patterns[i].IsMatch(parameters[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Parameter types (canonical spelling) and the full canonical name of one method.</summary>
internal sealed record CatalogSignature(string[] Parameters, string CanonicalName)
{
    /// <summary>Stands for "could not be decoded" so that a failed decode is not retried on every resolve.</summary>
    public static CatalogSignature Unreadable { get; } = new([], string.Empty);

    public bool IsReadable => !ReferenceEquals(this, Unreadable);
}

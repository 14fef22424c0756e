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

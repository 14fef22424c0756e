namespace Instr.Agent.Resolution;

/// <summary>A type and its declared methods; the methods are produced on first use and then kept.</summary>
internal sealed class CatalogType(string fullName, Func<CatalogMethod[]> loadMethods)
{
    private CatalogMethod[]? _methods;

    public string FullName { get; } = fullName;

    /// <summary>The full name with the generic arity markers removed (<c>Ns.Box`1</c> → <c>Ns.Box</c>), so that a
    /// pattern may leave the arity out, as it may for generic methods.</summary>
    public string? FullNameWithoutArity { get; } = WithoutArity(fullName);

    /// <summary>In metadata order (the resolver sorts what matched). Two threads may both build the list; they
    /// build the same one.</summary>
    public IReadOnlyList<CatalogMethod> Methods => _methods ??= loadMethods();

    public bool Matches(GlobPattern pattern) =>
        pattern.IsMatch(FullName) || (FullNameWithoutArity is not null && pattern.IsMatch(FullNameWithoutArity));

    private static string? WithoutArity(string name)
    {
        if (!name.Contains('`', StringComparison.Ordinal))
        {
            return null;
        }

        var result = new System.Text.StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '`' && i + 1 < name.Length && char.IsAsciiDigit(name[i + 1]))
            {
                while (i + 1 < name.Length && char.IsAsciiDigit(name[i + 1]))
                {
                    i++;
                }

                continue;
            }

            result.Append(name[i]);
        }

        return result.ToString();
    }
}

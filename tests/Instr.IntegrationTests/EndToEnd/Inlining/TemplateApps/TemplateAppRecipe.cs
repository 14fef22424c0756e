namespace Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;

/// <summary>
/// How to make one app from an SDK template: `dotnet new TEMPLATE ARGS -n NAME`, then a few small edits. The facts are
/// snippets of the generated code that the tests' expected counts are derived from (five forecasts per request, the
/// Fahrenheit getter reading the Celsius one): if a future template changes them, generation fails and says which,
/// instead of the tests comparing against a wrong multiplicity.
/// </summary>
internal sealed record TemplateAppRecipe(
    string Name,
    string Template,
    IReadOnlyList<string> TemplateArguments,
    IReadOnlyList<TemplateFact> Facts,
    IReadOnlyList<TemplateEdit> Edits)
{
    /// <summary>Everything that shapes the generated app, for the cache key.</summary>
    public string Describe() =>
        string.Join('\n', [
            $"name={Name}",
            $"template={Template} {string.Join(' ', TemplateArguments)}",
            .. Facts.Select(f => f.Describe()),
            .. Edits.Select(e => e.Describe()),
        ]);
}

/// <summary>A snippet the generated file must contain, and what a test relies on it for.</summary>
internal sealed record TemplateFact(string RelativePath, string Snippet, string ReliedOnFor)
{
    public string Describe() => $"fact {RelativePath}: {Snippet}";

    public void Check(string appDirectory)
    {
        var path = Path.Combine(appDirectory, RelativePath);
        var text = File.Exists(path) ? File.ReadAllText(path) : null;
        if (text is null || !text.Contains(Snippet, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"the SDK template changed: {RelativePath} no longer contains `{Snippet}`, which the tests rely on for {ReliedOnFor}");
        }
    }
}

/// <summary>One small, documented change to a generated app.</summary>
internal abstract record TemplateEdit
{
    public abstract string Describe();

    public abstract void Apply(string appDirectory);
}

/// <summary>Adds a new source file.</summary>
internal sealed record AddFile(string RelativePath, string Content) : TemplateEdit
{
    public override string Describe() => $"add {RelativePath}:\n{Content}";

    public override void Apply(string appDirectory) => File.WriteAllText(Path.Combine(appDirectory, RelativePath), Content);
}

/// <summary>Inserts text before the one occurrence of an anchor line (fails if the anchor is missing or repeated).</summary>
internal sealed record InsertBefore(string RelativePath, string Anchor, string Text) : TemplateEdit
{
    public override string Describe() => $"insert into {RelativePath} before `{Anchor}`:\n{Text}";

    public override void Apply(string appDirectory)
    {
        var path = Path.Combine(appDirectory, RelativePath);
        var source = File.ReadAllText(path);
        var at = source.IndexOf(Anchor, StringComparison.Ordinal);
        if (at < 0 || source.IndexOf(Anchor, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"the SDK template changed: {RelativePath} must contain `{Anchor}` exactly once");
        }

        File.WriteAllText(path, source.Insert(at, Text));
    }
}

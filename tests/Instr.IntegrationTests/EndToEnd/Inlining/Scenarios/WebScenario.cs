using Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;

namespace Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

/// <summary>
/// One template app driven by a real client. A round is one request to each of the app's endpoints under test; each
/// response is checked as it arrives (deterministic ones byte for byte against their known value, so they are the same
/// before and after the patch). The expected counts are per round, derived from the template's code.
/// </summary>
internal abstract class WebScenario : IAsyncDisposable
{
    public abstract TemplateAppRecipe Recipe { get; }

    /// <summary>Variables the app needs besides the sandbox's own (e.g. HTTP/2 for gRPC).</summary>
    public virtual IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>();

    /// <summary>Creates the client for the running app.</summary>
    public abstract void Connect(WebAppProcess app);

    /// <summary>One request to each endpoint; throws if a response is not what the unpatched app returns.</summary>
    public abstract Task RoundAsync();

    /// <summary>The methods to patch (some names found with `instr list`) and their calls per round.</summary>
    public abstract Task<IReadOnlyList<ExpectedCalls>> TargetsAsync(InstrCommands instr);

    public abstract ValueTask DisposeAsync();
}

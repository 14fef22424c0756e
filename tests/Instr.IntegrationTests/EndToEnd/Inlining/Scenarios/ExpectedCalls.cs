namespace Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

/// <summary>A method to patch and how many times one round of requests calls it, with the reason from the app's code.</summary>
internal sealed record ExpectedCalls(string Method, int PerRound, string Why);

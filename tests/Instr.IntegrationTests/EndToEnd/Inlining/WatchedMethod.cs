namespace Instr.IntegrationTests.EndToEnd.Inlining;

/// <summary>One patched method in a watch snapshot: its count, and the agent's status, coverage and notes as text.</summary>
internal sealed record WatchedMethod(long Calls, string Details);

namespace Instr.Patching.Tests.Inlining;

/// <summary>One <c>verdict</c> line of the scenario: callee, caller (both <c>Type:Method</c>), state and evidence.</summary>
public sealed record ScenarioVerdict(string Callee, string Caller, string State, string Detail)
{
    public static IReadOnlyList<ScenarioVerdict> ParseAll(string output) =>
        output.Split('\n')
            .Select(line => line.TrimEnd('\r').Split('\t'))
            .Where(fields => fields.Length == 5 && fields[0] == "verdict")
            .Select(fields => new ScenarioVerdict(fields[1], fields[2], fields[3], fields[4]))
            .ToList();
}

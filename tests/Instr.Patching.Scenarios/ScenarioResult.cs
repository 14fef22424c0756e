namespace Instr.Patching.Scenarios;

/// <summary>What a scenario measured: the calls it made itself and the count the engine reported.</summary>
internal sealed record ScenarioResult(long Expected, long Counted, string Detail = "")
{
    public static ScenarioResult Refused(string reason) => new(-1, -1, "refused: " + reason);

    public string ToLine() => $"RESULT expected={Expected} counted={Counted} detail={Detail.ReplaceLineEndings(" | ")}";
}

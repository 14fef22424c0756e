namespace Instr.Patching.Scenarios.AfterInlining;

/// <summary>
/// Every <see cref="HotCallerCase"/> as a control (patched after one call, before its warm-up), one after the other
/// in this one process — they patch different methods, and a control needs no fresh engine. Prints
/// <c>CASE name=.. expected=.. counted=.. detail=..</c> per case and a RESULT line with the totals (counted is -1 when
/// any case returned wrong results or was refused).
/// </summary>
internal static class ControlRun
{
    public const string Name = "inlined-controls";

    public static ScenarioResult Run()
    {
        long expected = 0, counted = 0;
        var broken = false;
        foreach ((string name, Func<HotCallerCase> scenario) in HotCallerCases.All)
        {
            ScenarioResult result = HotCallerRun.Run(scenario(), patchFirst: true);
            Console.WriteLine($"CASE name={name} expected={result.Expected} counted={result.Counted} detail={result.Detail}");
            expected += result.Expected;
            counted += result.Counted;
            broken |= result.Counted < 0;
        }

        return new ScenarioResult(expected, broken ? -1 : counted, $"{HotCallerCases.All.Count} cases patched before their warm-up");
    }
}

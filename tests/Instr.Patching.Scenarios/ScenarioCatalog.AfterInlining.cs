using Instr.Patching.Scenarios.AfterInlining;
using Instr.Patching.Scenarios.AfterInlining.Breadth;

namespace Instr.Patching.Scenarios;

// Methods patched after their callers were hot and had inlined them (issue 7): the scenarios in AfterInlining/.
internal static partial class ScenarioCatalog
{
    /// <summary>Breadth: every kind in one run ("inlined-breadth"), or one kind alone ("inlined-breadth:lambda").</summary>
    private const string Breadth = "inlined-breadth";

    private static IEnumerable<KeyValuePair<string, Func<ScenarioResult>>> AfterInlining() =>
        HotCallerCases.All.Select(c => Entry(c.Key, () => HotCallerRun.Run(c.Value())))
            .Append(Entry(Breadth, () => BreadthRun.Run(BreadthKinds.All)))
            .Concat(BreadthKinds.All.Select(k => Entry($"{Breadth}:{k.Name}", () => BreadthRun.Run([k]))));

    private static KeyValuePair<string, Func<ScenarioResult>> Entry(string name, Func<ScenarioResult> scenario) => KeyValuePair.Create(name, scenario);
}

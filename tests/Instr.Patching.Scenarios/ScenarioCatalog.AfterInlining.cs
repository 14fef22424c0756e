using Instr.Patching.Scenarios.AfterInlining;
using Instr.Patching.Scenarios.AfterInlining.Breadth;

namespace Instr.Patching.Scenarios;

// Methods patched after their callers were hot and had inlined them (issue 7): the scenarios in AfterInlining/.
internal static partial class ScenarioCatalog
{
    /// <summary>Breadth: every kind in one run ("inlined-breadth"), or one kind alone ("inlined-breadth:lambda").</summary>
    private const string Breadth = "inlined-breadth";

    /// <summary>Suffix of a control run: the same scenario patched before its warm-up (see HotCallerRun).</summary>
    private const string Control = "@patch-first";

    private static IEnumerable<KeyValuePair<string, Func<ScenarioResult>>> AfterInlining() =>
        HotCallerCases.All.Select(c => Entry(c.Key, () => HotCallerRun.Run(c.Value())))
            .Concat(HotCallerCases.All.Select(c => Entry(c.Key + Control, () => HotCallerRun.Run(c.Value(), patchFirst: true))))
            .Append(Entry(ControlRun.Name, ControlRun.Run))
            .Append(Entry(StackTraceScenario.Name, StackTraceScenario.Run))
            .Append(Entry(UnpatchScenario.Name, UnpatchScenario.Run))
            .Append(Entry(Breadth, () => BreadthRun.Run(BreadthKinds.All)))
            .Append(Entry(Breadth + Control, () => BreadthRun.Run(BreadthKinds.All, patchFirst: true)))
            .Concat(BreadthKinds.All.Select(k => Entry($"{Breadth}:{k.Name}", () => BreadthRun.Run([k]))));

    private static KeyValuePair<string, Func<ScenarioResult>> Entry(string name, Func<ScenarioResult> scenario) => KeyValuePair.Create(name, scenario);
}

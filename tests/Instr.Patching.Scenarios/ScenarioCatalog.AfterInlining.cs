using Instr.Patching.Scenarios.AfterInlining;

namespace Instr.Patching.Scenarios;

// Methods patched after their callers were hot and had inlined them (issue 7): the scenarios in AfterInlining/.
internal static partial class ScenarioCatalog
{
    private static IEnumerable<KeyValuePair<string, Func<ScenarioResult>>> AfterInlining() =>
        HotCallerCases.All.Select(c => KeyValuePair.Create(c.Key, (Func<ScenarioResult>)(() => HotCallerRun.Run(c.Value()))));
}

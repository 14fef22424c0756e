using System.Reflection;

namespace Instr.Patching.Scenarios;

/// <summary>Every scenario by name. Scenario names are shared with the tests (ScenarioNames in the test project
/// uses the same strings).</summary>
internal static partial class ScenarioCatalog
{
    public static readonly Dictionary<string, Func<ScenarioResult>> All = new();

    private static readonly Dictionary<string, Func<ScenarioResult>> Others = new()
    {
        ["static"] = StaticBeforeFirstCall,
        ["static-already-tier1"] = StaticAlreadyTier1,
        ["static-tier1-before-engine-start"] = StaticTier1BeforeEngineStart,
        ["instance"] = Instance,
        ["unpatch-stops-counting"] = UnpatchStopsCounting,
        ["debug-dump"] = DebugScenarios.Dump,
    };

    private static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
        ?? throw new MissingMethodException(type.Name, name);

    /// <summary>Patches, makes the calls from 4 threads, and compares the count with the calls made.</summary>
    private static ScenarioResult Count(MethodBase target, int callsPerThread, Action<int> call, bool warmToTier1First = false, bool warmBeforeEngineStarts = false)
    {
        if (warmBeforeEngineStarts)
        {
            Hammer.WarmToTier1(call);
        }

        var patcher = MethodPatcher.Shared;
        if (warmToTier1First)
        {
            Hammer.WarmToTier1(call);
        }

        var result = patcher.Patch(target);
        if (result.Handle is null)
        {
            return ScenarioResult.Refused(result.RefusalReason ?? "?");
        }

        var made = Hammer.Run(callsPerThread, call);
        return new ScenarioResult(made, result.Handle.ReadCalls(), string.Join("; ", result.Handle.Notes));
    }

    /// <summary>Fails the whole process when a patched method returns a wrong result.</summary>
    private static void Check(bool correct, string what)
    {
        if (!correct)
        {
            Console.WriteLine($"RESULT expected=0 counted=-1 detail=wrong result: {what}");
            Environment.Exit(3);
        }
    }

    private static long MixExpected(long value) => (value * 31) ^ (value >> 3);

    // Patched before its first call, then 1M calls from 4 threads: Tier0, call counting, Tier1 (and PGO)
    // recompiles all happen while counting.
    private static ScenarioResult StaticBeforeFirstCall() =>
        Count(Method(typeof(StaticTargets), nameof(StaticTargets.Mix)), 250_000, i => Check(StaticTargets.Mix(i) == MixExpected(i), "Mix"));

    private static ScenarioResult StaticAlreadyTier1() =>
        Count(Method(typeof(StaticTargets), nameof(StaticTargets.MixTier1)), 250_000,
            i => Check(StaticTargets.MixTier1(i) == ((i * 17L) ^ (i >> 5)), "MixTier1"), warmToTier1First: true);

    // The method reached Tier1 before the engine (and its JIT hook) existed: found by walking the entry point,
    // its size unknown to the compile registry.
    private static ScenarioResult StaticTier1BeforeEngineStart() =>
        Count(Method(typeof(StaticTargets), nameof(StaticTargets.MixTier1)), 250_000,
            i => Check(StaticTargets.MixTier1(i) == ((i * 17L) ^ (i >> 5)), "MixTier1"), warmBeforeEngineStarts: true);

    private static ScenarioResult Instance()
    {
        var target = new InstanceTarget(7);
        return Count(Method(typeof(InstanceTarget), nameof(InstanceTarget.Scale)), 250_000, i => Check(target.Scale(i) == (i * 7L) + 1, "Scale"));
    }

    // Counts N calls, unpatches, makes M more calls (through tier-ups): the count stays N and the code is
    // byte-identical to before the patch.
    private static ScenarioResult UnpatchStopsCounting()
    {
        var patcher = MethodPatcher.Shared;
        var method = Method(typeof(StaticTargets), nameof(StaticTargets.MixStress));
        Hammer.WarmToTier1(i => StaticTargets.MixStress(i));
        var before = CodeSnapshot.Of(method);
        var patch = patcher.Patch(method);
        if (patch.Handle is null)
        {
            return ScenarioResult.Refused(patch.RefusalReason ?? "?");
        }

        var made = Hammer.Run(100_000, i => Check(StaticTargets.MixStress(i) == ((i * 13L) ^ (i >> 2)), "MixStress"));
        var unpatch = patcher.Unpatch(method);

        // Callers recompiled for the patch (ReJIT) go back to their original code at once, or a second later when the
        // patch was younger than that (patch/unpatch loops): wait for it.
        var after = CodeSnapshot.Of(method);
        for (var waited = 0; waited < 100 && !before.SequenceEqual(after); waited++)
        {
            Thread.Sleep(100);
            after = CodeSnapshot.Of(method);
        }

        Hammer.Run(100_000, i => Check(StaticTargets.MixStress(i) == ((i * 13L) ^ (i >> 2)), "MixStress after unpatch"));
        var counted = patch.Handle.ReadCalls();
        var detail = $"unpatched={unpatch.Unpatched} final={unpatch.FinalCalls} identical={before.SequenceEqual(after)} active={patch.Handle.IsActive} found={patcher.Find(method) is not null}";
        return new ScenarioResult(made, counted == unpatch.FinalCalls && before.SequenceEqual(after) ? counted : -counted, detail);
    }
}

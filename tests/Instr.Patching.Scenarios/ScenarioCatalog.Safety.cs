using System.Reflection;
using System.Reflection.Emit;

namespace Instr.Patching.Scenarios;

// Refusals and install/uninstall under load.
internal static partial class ScenarioCatalog
{
    private static readonly Dictionary<string, Func<ScenarioResult>> Safety = new()
    {
        ["refusals"] = Refusals,
        ["stress-patch-unpatch"] = StressPatchUnpatch,
        ["unpatch-then-tier-up"] = UnpatchThenTierUp,
        ["three-thousand-methods"] = ThreeThousandMethods,
        ["api-semantics"] = ApiSemantics,
        ["inlined-callee-is-reported"] = InlinedCalleeIsReported,
    };

    /// <summary>Each case must be refused (Plan and Patch agree) with a reason; prints one REFUSAL line per case.</summary>
    private static ScenarioResult Refusals()
    {
        var dynamicMethod = new DynamicMethod("Dyn", typeof(int), []);
        var il = dynamicMethod.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Ret);
        _ = dynamicMethod.CreateDelegate<Func<int>>()();
        var cases = new (string Name, MethodBase Method)[]
        {
            ("abstract", Method(typeof(Shape), nameof(Shape.Area))),
            ("pinvoke", Method(typeof(NativeTargets), nameof(NativeTargets.GetPid))),
            ("internal-call", typeof(object).GetMethod(nameof(GetType))!),
            ("intrinsic", typeof(System.Runtime.Intrinsics.Vector128).GetMethod(nameof(System.Runtime.Intrinsics.Vector128.Create), [typeof(int)])!),
            ("dynamic-method", dynamicMethod),
            ("own-code", typeof(MethodPatcher).GetMethod(nameof(MethodPatcher.Patch))!),
            ("timing-generic-definition", typeof(GenericMethods).GetMethod(nameof(GenericMethods.Echo))!),
        };
        var refused = 0;
        foreach (var (name, method) in cases)
        {
            var probe = name.StartsWith("timing-", StringComparison.Ordinal) ? ProbeKind.Timing : ProbeKind.Count;
            var plan = MethodPatcher.Shared.Plan(method, probe);
            var result = MethodPatcher.Shared.Patch(method, probe);
            var agree = !plan.CanPatch && plan.RefusalReason == result.RefusalReason;
            Console.WriteLine($"REFUSAL name={name} refused={!result.Succeeded && agree} reason={result.RefusalReason}");
            if (!result.Succeeded && agree && !string.IsNullOrWhiteSpace(result.RefusalReason))
            {
                refused++;
            }
        }

        return new ScenarioResult(cases.Length, refused);
    }

    /// <summary>Patched before its first call, called a little (Tier0), unpatched; then called enough to tier up.
    /// The raw counter must not move after the unpatch: no new body (Tier1, PGO) was patched.</summary>
    private static ScenarioResult UnpatchThenTierUp()
    {
        var patcher = MethodPatcher.Shared;
        var method = Method(typeof(UnpatchTargets), nameof(UnpatchTargets.Later));
        var patch = patcher.Patch(method);
        if (patch.Handle is not Instr.Patching.Engine.LivePatch live)
        {
            return ScenarioResult.Refused(patch.RefusalReason ?? "?");
        }

        var made = Hammer.Run(5, i => Check(UnpatchTargets.Later(i) == ((i * 5L) ^ (i >> 4)), "Later"));
        var unpatch = patcher.Unpatch(method);
        var rawAtUnpatch = Instr.Patching.Counters.ThreadOwnedCounters.Read(live.Slot);
        var bodyAtUnpatch = CodeSnapshot.Of(method);

        // Keep calling until a new body is in place (tier-up is asynchronous and slower on a loaded machine; the
        // original code may come back from its ReJIT version on the way): the test is only meaningful once it is.
        var recompiled = false;
        for (var round = 0; round < 20 && !recompiled; round++)
        {
            Hammer.WarmToTier1(i => Check(UnpatchTargets.Later(i) == ((i * 5L) ^ (i >> 4)), "Later after unpatch"));
            Hammer.Run(250_000, i => Check(UnpatchTargets.Later(i) == ((i * 5L) ^ (i >> 4)), "Later after unpatch"));
            recompiled = !bodyAtUnpatch.SequenceEqual(CodeSnapshot.Of(method));
        }

        var rawLater = Instr.Patching.Counters.ThreadOwnedCounters.Read(live.Slot);
        var detail = $"unpatched={unpatch.Unpatched} rawUnchanged={rawAtUnpatch == rawLater} recompiledAfterUnpatch={recompiled} raw={rawAtUnpatch}->{rawLater}";
        return new ScenarioResult(made, rawAtUnpatch == rawLater ? unpatch.FinalCalls : -1, detail);
    }

    /// <summary>10,000 patch/unpatch cycles on an already-optimized body while 3 threads call it; the results stay
    /// right, every cycle succeeds, and after the last unpatch the code is byte-identical to the original.</summary>
    private static ScenarioResult StressPatchUnpatch()
    {
        const int Cycles = 10_000;
        var patcher = MethodPatcher.Shared;
        var method = Method(typeof(StressTargets), nameof(StressTargets.Churn));
        Hammer.WarmToTier1(i => StressTargets.Churn(i));
        var before = CodeSnapshot.Of(method);
        using var stop = new CancellationTokenSource();
        long callsMade = 0;
        var callers = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            long calls = 0;
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                Check(StressTargets.Churn(i) == ((i * 7) ^ (i >> 1)), "Churn under patch/unpatch");
                calls++;
            }

            Interlocked.Add(ref callsMade, calls);
        })).ToList();
        callers.ForEach(t => t.Start());
        var succeeded = 0;
        long counted = 0;
        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            var patch = patcher.Patch(method);
            var unpatch = patcher.Unpatch(method);
            if (patch.Succeeded && unpatch.Unpatched)
            {
                succeeded++;
                counted += unpatch.FinalCalls;
            }
        }

        stop.Cancel();
        callers.ForEach(t => t.Join());

        // Methods recompiled for the patches (ReJIT) go back to their original code after a quiet second: wait for it.
        var after = CodeSnapshot.Of(method);
        for (var waited = 0; waited < 100 && !before.SequenceEqual(after); waited++)
        {
            Thread.Sleep(100);
            after = CodeSnapshot.Of(method);
        }

        var identical = before.Length > 0 && before.SequenceEqual(after);
        var detail = $"identical={identical} countedWhilePatched={counted} callsMade={callsMade} countedNotMoreThanMade={counted <= callsMade} before={Convert.ToHexString(before)} after={Convert.ToHexString(after)}";
        return new ScenarioResult(Cycles, identical && counted <= callsMade && counted > 0 ? succeeded : -succeeded, detail);
    }
}

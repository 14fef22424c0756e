using System.Reflection;
using System.Runtime.CompilerServices;
using Instr.Patching.Counters;
using Instr.Patching.Engine;
using Instr.Patching.Runtime.CoreClr;
using Instr.Patching.Scenarios.AfterInlining.JitEvents;

namespace Instr.Patching.Scenarios.AfterInlining;

/// <summary>A tiny callee and the hot caller that inlines it, for the unpatch scenario.</summary>
internal static class Revertible
{
    public static int Twice(int x) => (x * 2) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Hot(int x) => Twice(x) + 3;
}

/// <summary>
/// Unpatch after an inlining caller was made to count: the callee is patched after Hot inlined it, 4 threads call Hot
/// (every call counted), then it is unpatched and the threads call Hot again. Results must stay right and the count
/// must freeze: the engine's raw counter (not only the handle's frozen copy) does not move after the unpatch. Also
/// reports (not checked) whether Hot runs its original pre-patch body again — the speed-relevant state a revert
/// restores.
/// </summary>
internal static class UnpatchScenario
{
    public const string Name = "inlined-unpatch";
    private const int CallsPerThread = 50_000;

    public static ScenarioResult Run()
    {
        MethodInfo twice = typeof(Revertible).GetMethod(nameof(Revertible.Twice))!;
        MethodInfo hot = typeof(Revertible).GetMethod(nameof(Revertible.Hot))!;
        var scenario = new HotCallerCase(Name, twice, [new(hot, twice)], i => Revertible.Hot(i), i => (2L * i) + 4);
        using var witness = new JitCompileWitness();
        _ = MethodPatcher.Shared;
        var check = new ResultCheck(scenario.Expected);
        PreconditionState state = HotCallerRun.WarmUntilInlined(scenario, witness, check)[0];
        Console.WriteLine(state.ToLine());
        nint originalBody = CurrentBody(hot);

        PatchResult patch = MethodPatcher.Shared.Patch(twice);
        if (patch.Handle is not LivePatch live)
        {
            return ScenarioResult.Refused(patch.RefusalReason ?? "?");
        }

        long made = Hammer.Run(CallsPerThread, i => check.Verify(i, scenario.Call(i)));
        long countedWhilePatched = live.ReadCalls();
        UnpatchResult unpatch = MethodPatcher.Shared.Unpatch(twice);
        long rawAtUnpatch = ThreadOwnedCounters.Read(live.Slot);
        long mark = witness.NextSequence;
        Hammer.Run(CallsPerThread, i => check.Verify(i, scenario.Call(i)));
        long rawLater = ThreadOwnedCounters.Read(live.Slot);

        nint bodyNow = CurrentBody(hot);
        int recompiles = witness.Compiles.Count(c => c.Sequence >= mark && PreconditionCheck.IsCompileOf(c, hot));
        string detail = string.Join("; ",
            state.Met ? "precondition met" : "PRECONDITION NOT MET",
            $"calls made {made} while patched, {made} after the unpatch",
            check.Summary,
            $"unpatched={unpatch.Unpatched} final={unpatch.FinalCalls} frozen={rawAtUnpatch == rawLater && live.ReadCalls() == unpatch.FinalCalls} raw={rawAtUnpatch}->{rawLater}",
            $"caller after the unpatch: {(bodyNow == originalBody ? "original body" : $"body 0x{bodyNow:x}, not the original 0x{originalBody:x}")}, {recompiles} compiles since");
        return new ScenarioResult(made, check.Wrong > 0 ? -1 : countedWhilePatched, detail);
    }

    private static nint CurrentBody(MethodBase method) => EntryChain.Walk(method.MethodHandle.GetFunctionPointer()).Body;
}

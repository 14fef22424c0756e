using System.Reflection;

namespace Instr.Patching.Scenarios;

// The public contract's bookkeeping: idempotent Patch, Find, Patched, Plan, double Unpatch, frozen final count.
internal static partial class ScenarioCatalog
{
    private static ScenarioResult ApiSemantics()
    {
        var patcher = MethodPatcher.Shared;
        var method = Method(typeof(ApiTargets), nameof(ApiTargets.Twice));
        var checks = new List<(string Name, bool Ok)>();
        var first = patcher.Patch(method);
        var second = patcher.Patch(method);
        checks.Add(("patch twice returns the same handle", first.Handle is not null && ReferenceEquals(first.Handle, second.Handle)));
        checks.Add(("second patch says already patched", second.Notes.Any(n => n.Contains("already patched", StringComparison.Ordinal))));
        checks.Add(("find returns the handle", ReferenceEquals(patcher.Find(method), first.Handle)));
        checks.Add(("patched lists it", patcher.Patched.Contains(first.Handle!)));
        checks.Add(("plan says already patched", patcher.Plan(method).Notes.Any(n => n.Contains("already patched", StringComparison.Ordinal))));
        checks.Add(("probe and method recorded", first.Handle!.Probe == ProbeKind.Count && first.Handle.Method == method && first.Handle.IsActive));
        checks.Add(("no timing for a count probe", first.Handle.ReadTiming() is null));
        for (var i = 0; i < 1000; i++)
        {
            Check(ApiTargets.Twice(i) == i * 2, "Twice");
        }

        var version = first.Handle.DescriptionVersion;
        checks.Add(("description version stays while nothing changes", first.Handle.DescriptionVersion == version));
        var unpatch = patcher.Unpatch(method);
        checks.Add(("description version changes at unpatch", first.Handle.DescriptionVersion != version));
        for (var i = 0; i < 1000; i++)
        {
            Check(ApiTargets.Twice(i) == i * 2, "Twice after unpatch");
        }

        var again = patcher.Unpatch(method);
        checks.Add(("unpatch reports the final count", unpatch.Unpatched && unpatch.FinalCalls == 1000 && first.Handle.ReadCalls() == 1000));
        checks.Add(("second unpatch: not patched", !again.Unpatched && again.Reason == "not patched"));
        checks.Add(("find after unpatch is null", patcher.Find(method) is null && !patcher.Patched.Contains(first.Handle)));
        var repatch = patcher.Patch(method);
        var repatchVersion = repatch.Handle?.DescriptionVersion;
        _ = patcher.Patch(method, ProbeKind.Timing);
        checks.Add(("description version changes with the probe", repatch.Handle is not null && repatch.Handle.DescriptionVersion != repatchVersion));
        _ = patcher.Patch(method, ProbeKind.Count);
        for (var i = 0; i < 10; i++)
        {
            Check(ApiTargets.Twice(i) == i * 2, "Twice re-patched");
        }

        checks.Add(("a new patch counts from zero", repatch.Handle is not null && !ReferenceEquals(repatch.Handle, first.Handle) && repatch.Handle.ReadCalls() == 10));
        checks.Add(("null method is refused, not thrown", !patcher.Patch(null!).Succeeded));
        foreach (var (name, ok) in checks)
        {
            Console.WriteLine($"CHECK ok={ok} name={name}");
        }

        return new ScenarioResult(checks.Count, checks.Count(c => c.Ok), string.Join("; ", checks.Where(c => !c.Ok).Select(c => "failed: " + c.Name)));
    }

    /// <summary>A caller already at Tier1 with the callee inlined: the patch un-inlines it (ReJIT), so every call through
    /// it is counted, and the patch result names the caller.</summary>
    private static ScenarioResult InlinedCalleeIsReported()
    {
        var patcher = MethodPatcher.Shared;
        Hammer.WarmToTier1(i => Check(AlreadyInlined.HotCaller(i) == (i ^ 5) + 1, "HotCaller"));
        var result = patcher.Patch(Method(typeof(AlreadyInlined), nameof(AlreadyInlined.Tiny)));
        if (result.Handle is null)
        {
            return ScenarioResult.Refused(result.RefusalReason ?? "?");
        }

        var made = Hammer.Run(10_000, i => Check(AlreadyInlined.HotCaller(i) == (i ^ 5) + 1, "HotCaller patched"));
        var noted = result.Notes.Any(n => n.Contains("HotCaller", StringComparison.Ordinal) && n.Contains("inlined", StringComparison.Ordinal));
        var counted = result.Handle.ReadCalls();
        return new ScenarioResult(made, noted ? counted : -1, $"calls made={made} counted={counted}; coverage={result.Handle.Coverage.State}; notes: {string.Join("; ", result.Notes)}");
    }
}

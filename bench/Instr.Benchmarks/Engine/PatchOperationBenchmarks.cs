using System.Reflection;
using BenchmarkDotNet.Attributes;
using Instr.Benchmarks.Summary;
using Instr.Patching;

namespace Instr.Benchmarks.Engine;

/// <summary>How long Patch and Unpatch take on methods that are already compiled and running (one operation per
/// iteration; the opposite operation runs in the iteration setup/cleanup).</summary>
public class PatchOperationBenchmarks
{
    private static readonly MethodInfo One = typeof(CallTargets).GetMethod(nameof(CallTargets.Plain))!;
    private MethodInfo[] many = [];

    [GlobalSetup]
    public void CompileTargets()
    {
        many = typeof(ManyTargets).GetMethods(BindingFlags.Public | BindingFlags.Static);
        foreach (var method in many.Append(One))
        {
            method.Invoke(null, [1L]); // compiled and running, as in a live app
        }
    }

    [IterationCleanup(Target = nameof(PatchOne))]
    public void UnpatchOneAfter() => MethodPatcher.Shared.Unpatch(One);

    [Benchmark]
    [SummaryKey("patch_one_ms", SummaryUnit.Milliseconds)]
    public PatchResult PatchOne() => MethodPatcher.Shared.Patch(One);

    [IterationSetup(Target = nameof(UnpatchOne))]
    public void PatchOneBefore() => MethodPatcher.Shared.Patch(One);

    [Benchmark]
    [SummaryKey("unpatch_one_ms", SummaryUnit.Milliseconds)]
    public UnpatchResult UnpatchOne() => MethodPatcher.Shared.Unpatch(One);

    [IterationCleanup(Target = nameof(Patch1000))]
    public void Unpatch1000After()
    {
        foreach (var method in many)
        {
            MethodPatcher.Shared.Unpatch(method);
        }
    }

    [Benchmark]
    [SummaryKey("patch_1000_ms", SummaryUnit.Milliseconds)]
    public int Patch1000()
    {
        var patched = MethodPatcher.Shared.PatchAll(many).Count(r => r.Succeeded);

        return patched == many.Length ? patched : throw new InvalidOperationException($"only {patched} of {many.Length} patched");
    }
}

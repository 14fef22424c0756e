using System.Reflection;
using Instr.Patching.Counters;
using Instr.Patching.Detours;
using Instr.Patching.Interop;
using Instr.Patching.Probes;
using Instr.Patching.Runtime.CoreClr;
using Instr.Patching.Runtime.CoreClr.Profiling;
using Instr.Patching.Uninlining;

namespace Instr.Patching.Engine;

/// <summary>
/// The engine behind <see cref="MethodPatcher"/>: the patch flow (refuse or watch, install on existing bodies,
/// un-inline callers; unpatch and restore). The pieces: <see cref="PatchRequests"/> (refusals, keys),
/// <see cref="CounterSlots"/>, <see cref="WatchRegistry"/> (what the JIT hook watches), <see cref="BodyTable"/>
/// (finding, installing and restoring bodies), <see cref="ProbeStubs"/> (the stub per probe kind). Two locks:
/// <list type="bullet">
/// <item><c>gate</c> serializes Patch/Unpatch (it may sleep: two-phase install).</item>
/// <item><see cref="BodyTable.Gate"/> guards the body table; the JIT hook takes only this one and never waits for a
/// compile, so a thread compiling a watched method cannot deadlock with a thread patching.</item>
/// </list>
/// </summary>
internal sealed unsafe class PatchEngine
{
    private readonly object gate = new();
    private readonly Dictionary<string, LivePatch> live = [];
    private long liveVersion;
    private readonly CounterSlots slots = new();
    private readonly CompileIndex compiles = new();
    private readonly BodyTable bodies;
    private readonly WatchRegistry watches;
    private readonly Uninliner uninliner;

    public PatchEngine()
    {
        ThreadOwnedCounters.Initialize();
        var registryError = NativeHelper.RegistryInit();
        if (registryError != 0)
        {
            throw new InvalidOperationException($"patch engine: could not reserve the compile registry (errno {registryError})");
        }

        bodies = new BodyTable(compiles, new ProbeStubs());
        watches = new WatchRegistry(bodies.Gate);
        var start = new EngineStart();
        ReserveStubMemoryNearCode();
        JitHook.Install(OnWatchedCompile);
        uninliner = new Uninliner(start, compiles);
    }

    /// <summary>Stubs must sit within ±2 GB of the code that jumps to them. Next to the runtime's code heap the
    /// address space fills up with thread stacks and malloc arenas as an app runs, so the engine takes an
    /// 16 MB arena (about 65,000 stubs; untouched pages cost nothing) there when it starts.</summary>
    private static void ReserveStubMemoryNearCode()
    {
        var probe = typeof(PatchEngine).GetMethod(nameof(ReserveStubMemoryNearCode), BindingFlags.NonPublic | BindingFlags.Static)!;
        System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(probe.MethodHandle);
        var chain = EntryChain.Walk(probe.MethodHandle.GetFunctionPointer());
        if (chain.Compiled)
        {
            NativeHelper.StubReserve(chain.Body, 16 * 1024 * 1024);
        }
    }

    public long LiveVersion => Interlocked.Read(ref liveVersion);

    public IReadOnlyList<PatchedMethod> Patched
    {
        get
        {
            lock (gate)
            {
                return [.. live.Values];
            }
        }
    }

    public PatchedMethod? Find(MethodBase? method)
    {
        if (method is null || PatchRules.RefusalFor(method) is not null)
        {
            return null;
        }

        var key = PatchRequests.KeyOf(method);
        lock (gate)
        {
            return key is not null && live.TryGetValue(key, out var patch) ? patch : null;
        }
    }

    public PatchPlan Plan(MethodBase method, ProbeKind probe)
    {
        var refusal = PatchRequests.Refusal(method, probe, out var target);
        if (refusal is null && ProbeRegistry.Find(probe)?.ManagedProbe is not null && CallShape.Of(method, out var unroutable) is null)
        {
            refusal = unroutable; // what Patch refuses when it builds the wrapper
        }

        if (refusal is not null || target is null)
        {
            return new PatchPlan(method, false, refusal, []);
        }

        var notes = new List<string>(target.Notes);
        lock (gate)
        {
            if (live.ContainsKey(target.Key))
            {
                notes.Add("already patched");
            }
        }

        var found = bodies.FindBodies(target).Count;
        notes.Add(found == 0 ? "not compiled yet: its first body will be patched when the JIT compiles it" : $"{Bodies(found)} compiled now");
        if (uninliner.Describe(method) is { } inlined)
        {
            notes.Add(inlined);
        }

        return new PatchPlan(method, true, null, notes);
    }

    public PatchResult Patch(MethodBase method, ProbeKind probe) => PatchAll([method], probe)[0];

    /// <summary>Patches several methods with one install pause for all of them (two-phase install waits once).</summary>
    public IReadOnlyList<PatchResult> PatchAll(IReadOnlyList<MethodBase> methods, ProbeKind probe)
    {
        var results = new PatchResult?[methods.Count];
        var started = new List<(int Index, LivePatch Patch)>(methods.Count);
        lock (gate)
        {
            for (var i = 0; i < methods.Count; i++)
            {
                var method = methods[i];
                var refusal = PatchRequests.Refusal(method, probe, out var target);
                if (refusal is not null || target is null)
                {
                    results[i] = new PatchResult(method, null, refusal, []);
                    continue;
                }

                if (live.TryGetValue(target.Key, out var existing))
                {
                    results[i] = existing.Probe == probe
                        ? new PatchResult(method, existing, null, [.. existing.Notes, "already patched: returned the existing patch"])
                        : SwitchProbe(existing, probe);
                    continue;
                }

                if (slots.For(target.Key, out var noSlot) is not { } slot)
                {
                    results[i] = new PatchResult(method, null, noSlot, []);
                    continue;
                }

                var definition = ProbeRegistry.Find(probe)!;
                ManagedRoute? route = null;
                if (definition.ManagedProbe is { } managed && (route = BuildRoute(method, managed, out var unroutable)) is null)
                {
                    results[i] = new PatchResult(method, null, unroutable, []);
                    continue;
                }

                var patch = new LivePatch(method, definition, target, slot, ThreadOwnedCounters.Read(slot), route);
                live[target.Key] = patch;
                Interlocked.Increment(ref liveVersion);
                started.Add((i, patch));
            }

            // Watched before anything is compiled for them, so the JIT hook patches every body from here on.
            watches.WatchAll([.. started.Select(s => s.Patch)]);
            foreach (var (index, patch) in started)
            {
                EnsureCompiled(patch.Target, methods[index]);
            }

            try
            {
                if (started.Count > 0)
                {
                    // Attached once, lazily: ReJIT un-inlines callers below, and a suspended runtime makes the live
                    // install below safe for bodies reached through call-counting stubs (no precode to divert).
                    SelfProfiler.TryEnsureAttached(out _);
                }

                bodies.InstallExistingBodies([.. started.Select(s => s.Patch)]);
            }
            catch (Exception e)
            {
                // Never throw at the caller: the watches stay, so new bodies are still patched.
                started.ForEach(s => s.Patch.AddGap($"existing bodies not patched (internal error: {e.GetType().Name}: {e.Message})"));
            }

            foreach (var (index, patch) in started)
            {
                var installed = bodies.InstalledCount(patch);
                patch.AddNote(installed switch
                {
                    0 when patch.Target.WholeDefinition =>
                        "no instantiation compiled on its own yet: every instantiation the JIT compiles from now on is patched",
                    0 => "not compiled yet: its first body will be patched when the JIT compiles it",
                    _ => $"{Bodies(installed)} patched; recompiled bodies (tier-up) are patched as the JIT produces them",
                });
            }

            // Callers compiled before the patch may hold an inlined copy: make them call the method, before returning.
            try
            {
                uninliner.Apply([.. started.Select(s => s.Patch)]);
            }
            catch (Exception e)
            {
                started.ForEach(s => s.Patch.AddGap($"callers that inlined it were not re-routed (internal error: {e.GetType().Name}: {e.Message})"));
            }
        }

        foreach (var (index, patch) in started)
        {
            results[index] = new PatchResult(methods[index], patch, null, patch.Notes);
        }

        return results!;
    }

    public UnpatchResult Unpatch(MethodBase? method)
    {
        if (method is null)
        {
            return new UnpatchResult(method!, false, 0, "no method given");
        }

        var key = PatchRules.RefusalFor(method) is null ? PatchRequests.KeyOf(method) : null;
        lock (gate)
        {
            if (key is null || !live.Remove(key, out var patch))
            {
                return new UnpatchResult(method, false, 0, "not patched");
            }

            Interlocked.Increment(ref liveVersion);

            List<BodyDetour> detours;
            lock (bodies.Gate)
            {
                watches.Unwatch(patch);
                bodies.RemovePrecodeRedirects(patch);
                detours = [.. patch.Bodies];
                patch.Bodies.Clear();
            }

            var final = patch.Deactivate();
            var failures = bodies.RestoreAll(detours);
            uninliner.Release(patch);
            return new UnpatchResult(method, failures == 0, final,
                failures == 0 ? null : $"{Bodies(failures)} could not be restored (changed by someone else)");
        }
    }

    /// <summary>Changes a live patch's probe without unpatching: same counter slot, bodies re-pointed one atomic write
    /// each, so no call goes uncounted.</summary>
    private PatchResult SwitchProbe(LivePatch patch, ProbeKind probe)
    {
        var definition = ProbeRegistry.Find(probe)!;
        ManagedRoute? route = null;
        if (definition.ManagedProbe is { } managed && (route = BuildRoute(patch.Method, managed, out var unroutable)) is null)
        {
            return new PatchResult(patch.Method, null, unroutable, []);
        }

        var from = patch.Probe;
        patch.SwitchTo(definition, route);
        var left = bodies.SwitchProbe(patch);
        if (left > 0)
        {
            patch.AddGap($"{Bodies(left)} still measured by the {from.ToString().ToLowerInvariant()} probe (not published by the runtime in time)");
        }

        return new PatchResult(patch.Method, patch, null, [.. patch.Notes, $"switched from the {from.ToString().ToLowerInvariant()} probe to the {probe.ToString().ToLowerInvariant()} probe; the count continues"]);
    }

    /// <summary>The wrapper of a managed probe for this method, or null with the reason (never throws at the caller).</summary>
    private static ManagedRoute? BuildRoute(MethodBase method, Type probe, out string? refusal)
    {
        try
        {
            return ManagedRoute.Build(method, probe, out refusal);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or TypeLoadException or BadImageFormatException)
        {
            refusal = $"cannot build the {probe.Name} wrapper for its calling convention: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// A ReadyToRun method gets its precompiled code only at its first call (through the prestub, without a JIT
    /// compile the hook could see), so the engine asks for it now, after the watch is in place: a JIT compile is
    /// patched by the hook, precompiled code is found by the entry walk.
    /// </summary>
    private static void EnsureCompiled(PatchTarget target, MethodBase method)
    {
        if (target.WholeDefinition || target.EntryPoints.Count == 0 || EntryChain.Walk(target.EntryPoints[0]).Compiled)
        {
            return;
        }

        try
        {
            var handles = method.DeclaringType is { IsGenericType: true } type ? [type.TypeHandle] : Array.Empty<RuntimeTypeHandle>();
            System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(method.MethodHandle, handles);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or TypeLoadException)
        {
            // Left to the hook: the first compile is patched before it runs.
        }
    }

    private static string Bodies(int count) => count == 1 ? "1 body" : $"{count} bodies";

    /// <summary>Runs on a JIT thread inside compileMethod, for a watched method's new body (never OSR).</summary>
    private void OnWatchedCompile(CompileEvent compiled)
    {
        if (watches.OwnerOf(compiled) is { } patch)
        {
            bodies.DetourNewBody(patch, compiled);
        }
    }
}

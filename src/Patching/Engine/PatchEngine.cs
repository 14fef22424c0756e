using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using Instr.Patching.Counters;
using Instr.Patching.Detours;
using Instr.Patching.Interop;
using Instr.Patching.Runtime.CoreClr;
using Instr.Patching.Runtime.CoreClr.Profiling;
using Instr.Patching.Uninlining;

namespace Instr.Patching.Engine;

/// <summary>
/// The engine behind <see cref="MethodPatcher"/>. Two locks:
/// <list type="bullet">
/// <item><c>gate</c> serializes Patch/Unpatch (it may sleep: two-phase install).</item>
/// <item><c>bodyGate</c> guards the body table; the JIT hook takes only this one and never waits for a compile,
/// so a thread compiling a watched method cannot deadlock with a thread patching.</item>
/// </list>
/// </summary>
internal sealed unsafe class PatchEngine
{
    private const int RestoreRetries = 200;

    private readonly object gate = new();
    private readonly object bodyGate = new();
    private readonly Dictionary<string, LivePatch> live = [];
    private readonly Dictionary<string, int> slotsByKey = [];
    private readonly Dictionary<nint, BodyDetour> bodies = [];
    private readonly Uninliner uninliner;
    private readonly CompileIndex compiles = new();
    private readonly HashSet<nint> ourStubs = [];
    private readonly Dictionary<nint, PrecodeRedirect> precodeRedirects = [];
    private readonly Dictionary<nint, int> handleWatchCounts = [];
    private readonly Dictionary<(nint Scope, int Token, bool Whole), int> tokenWatchCounts = [];
    private volatile ImmutableDictionary<nint, LivePatch> ownersByHandle = ImmutableDictionary<nint, LivePatch>.Empty;
    private volatile ImmutableDictionary<(nint Scope, int Token), LivePatch> ownersByDefinition = ImmutableDictionary<(nint, int), LivePatch>.Empty;

    public PatchEngine()
    {
        ThreadOwnedCounters.Initialize();
        var registryError = NativeHelper.RegistryInit();
        if (registryError != 0)
        {
            throw new InvalidOperationException($"patch engine: could not reserve the compile registry (errno {registryError})");
        }

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
        var probe = typeof(PatchEngine).GetMethod(nameof(IsOsr), BindingFlags.NonPublic | BindingFlags.Static)!;
        System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(probe.MethodHandle);
        var chain = EntryChain.Walk(probe.MethodHandle.GetFunctionPointer());
        if (chain.Compiled)
        {
            NativeHelper.StubReserve(chain.Body, 16 * 1024 * 1024);
        }
    }

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

        var key = KeyOf(method);
        lock (gate)
        {
            return key is not null && live.TryGetValue(key, out var patch) ? patch : null;
        }
    }

    public PatchPlan Plan(MethodBase method, ProbeKind probe)
    {
        var refusal = Refusal(method, probe, out var target);
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

        var found = FindBodies(target).Count;
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
        var started = new List<(int Index, LivePatch Patch)>();
        lock (gate)
        {
            for (var i = 0; i < methods.Count; i++)
            {
                var method = methods[i];
                var refusal = Refusal(method, probe, out var target);
                if (refusal is not null || target is null)
                {
                    results[i] = new PatchResult(method, null, refusal, []);
                    continue;
                }

                if (live.TryGetValue(target.Key, out var existing))
                {
                    results[i] = new PatchResult(method, existing, null, [.. existing.Notes, "already patched: returned the existing patch"]);
                    continue;
                }

                if (!slotsByKey.TryGetValue(target.Key, out var slot))
                {
                    slot = ThreadOwnedCounters.AllocateSlot();
                    if (slot < 0)
                    {
                        results[i] = new PatchResult(method, null, $"too many distinct patched methods ({ThreadOwnedCounters.SlotsPerBlock}) in this process", []);
                        continue;
                    }

                    slotsByKey[target.Key] = slot;
                }

                var patch = new LivePatch(method, probe, target, slot, ThreadOwnedCounters.Read(slot));
                Watch(patch);
                live[target.Key] = patch;
                EnsureCompiled(target, method);
                started.Add((i, patch));
            }

            try
            {
                if (started.Count > 0)
                {
                    // Attached once, lazily: ReJIT un-inlines callers below, and a suspended runtime makes the live
                    // install below safe for bodies reached through call-counting stubs (no precode to divert).
                    SelfProfiler.TryEnsureAttached(out _);
                }

                InstallExistingBodies([.. started.Select(s => s.Patch)]);
            }
            catch (Exception e)
            {
                // Never throw at the caller: the watches stay, so new bodies are still patched.
                started.ForEach(s => s.Patch.AddGap($"existing bodies not patched (internal error: {e.GetType().Name}: {e.Message})"));
            }

            Dictionary<LivePatch, int> redirectsByOwner;
            lock (bodyGate)
            {
                // Counted once for the batch: per patch it would be quadratic in a 10,000-method patch.
                redirectsByOwner = precodeRedirects.Values.GroupBy(r => r.Owner).ToDictionary(g => g.Key, g => g.Count());
            }

            foreach (var (index, patch) in started)
            {
                int installed;
                lock (bodyGate)
                {
                    installed = patch.Bodies.Count + redirectsByOwner.GetValueOrDefault(patch);
                }

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

        var key = PatchRules.RefusalFor(method) is null ? KeyOf(method) : null;
        lock (gate)
        {
            if (key is null || !live.Remove(key, out var patch))
            {
                return new UnpatchResult(method, false, 0, "not patched");
            }

            List<BodyDetour> detours;
            lock (bodyGate)
            {
                Unwatch(patch);
                RemovePrecodeRedirects(patch);
                detours = [.. patch.Bodies];
                patch.Bodies.Clear();
            }

            var final = patch.Deactivate();
            var failures = RestoreAll(detours);
            uninliner.Release(patch);
            return new UnpatchResult(method, failures == 0, final,
                failures == 0 ? null : $"{Bodies(failures)} could not be restored (changed by someone else)");
        }
    }

    /// <summary>Every body the engine knows for a method: from the compile registry and by walking entry points.</summary>
    internal List<BodyLocation> FindBodies(PatchTarget target)
    {
        var result = new Dictionary<nint, BodyLocation>();
        foreach (var record in compiles.Of(target))
        {
            if (!IsOsr(record.JitFlags))
            {
                result[record.Code] = new BodyLocation(record.Code, (int)record.Size, (int)(record.Reserved - record.Size), 0);
            }
        }

        foreach (var entry in target.EntryPoints)
        {
            var chain = EntryChain.Walk(entry);
            bool isOurStub;
            lock (bodyGate)
            {
                isOurStub = ourStubs.Contains(chain.Body);
            }

            if (isOurStub)
            {
                continue; // a precode already redirected to one of our stubs
            }

            if (chain.Compiled && !result.ContainsKey(chain.Body))
            {
                result[chain.Body] = new BodyLocation(chain.Body, 0, 0, chain.PrecodeSlot);
            }
            else if (chain.Compiled && chain.PrecodeSlot != 0)
            {
                result[chain.Body] = result[chain.Body] with { PrecodeSlot = chain.PrecodeSlot };
            }
        }

        return [.. result.Values];
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

    internal static bool IsOsr(ulong jitFlags) => ((jitFlags >> 7) & 1) != 0;

    private string? Refusal(MethodBase? method, ProbeKind probe, out PatchTarget? target)
    {
        target = null;
        if (method is null)
        {
            return "no method given";
        }

        if (probe == ProbeKind.Timing)
        {
            return "timing probe not implemented yet (use the count probe)";
        }

        if (probe != ProbeKind.Count)
        {
            return $"unknown probe kind {probe}";
        }

        var refusal = PatchRules.RefusalFor(method);
        if (refusal is not null)
        {
            return refusal;
        }

        try
        {
            target = PatchTarget.Resolve(method);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or MissingMethodException)
        {
            return $"cannot find the method's code: {e.Message}";
        }

        return null;
    }

    private static string? KeyOf(MethodBase method)
    {
        try
        {
            if (PatchTarget.IsGenericDefinition(method))
            {
                return $"def:{ModuleData.Of(method.Module):x}:{method.MetadataToken:x}";
            }

            return $"md:{method.MethodHandle.Value:x}";
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    private static string Bodies(int count) => count == 1 ? "1 body" : $"{count} bodies";

    private void Watch(LivePatch patch)
    {
        var target = patch.Target;
        lock (bodyGate)
        {
            var byHandle = ownersByHandle;
            foreach (var handle in target.Handles)
            {
                byHandle = byHandle.SetItem(handle, patch);
            }

            ownersByHandle = byHandle;
            if (target.BodiesByToken)
            {
                ownersByDefinition = ownersByDefinition.SetItem((target.Scope, target.Token), patch);
            }
        }

        foreach (var handle in target.Handles)
        {
            if (Increment(handleWatchCounts, handle) == 1)
            {
                NativeHelper.WatchHandle(handle, 1);
            }
        }

        // Refusing canInline by token also covers the unboxing entry and every instantiation.
        if (Increment(tokenWatchCounts, (target.Scope, target.Token, false)) == 1)
        {
            NativeHelper.WatchToken(target.Scope, (uint)target.Token, 0, 1);
        }

        if (target.BodiesByToken && Increment(tokenWatchCounts, (target.Scope, target.Token, true)) == 1)
        {
            NativeHelper.WatchToken(target.Scope, (uint)target.Token, 1, 1);
        }
    }

    private void Unwatch(LivePatch patch)
    {
        var target = patch.Target;
        var byHandle = ownersByHandle;
        foreach (var handle in target.Handles)
        {
            if (byHandle.TryGetValue(handle, out var owner) && owner == patch)
            {
                byHandle = byHandle.Remove(handle);
            }

            if (Decrement(handleWatchCounts, handle) == 0)
            {
                NativeHelper.WatchHandle(handle, 0);
            }
        }

        ownersByHandle = byHandle;
        if (target.BodiesByToken && ownersByDefinition.TryGetValue((target.Scope, target.Token), out var definitionOwner) && definitionOwner == patch)
        {
            ownersByDefinition = ownersByDefinition.Remove((target.Scope, target.Token));
        }

        if (Decrement(tokenWatchCounts, (target.Scope, target.Token, false)) == 0)
        {
            NativeHelper.WatchToken(target.Scope, (uint)target.Token, 0, 0);
        }

        if (target.BodiesByToken && Decrement(tokenWatchCounts, (target.Scope, target.Token, true)) == 0)
        {
            NativeHelper.WatchToken(target.Scope, (uint)target.Token, 1, 0);
        }
    }

    private static int Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        counts.TryGetValue(key, out var n);
        counts[key] = n + 1;
        return n + 1;
    }

    private static int Decrement<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        counts.TryGetValue(key, out var n);
        if (n <= 1)
        {
            counts.Remove(key);
            return 0;
        }

        counts[key] = n - 1;
        return n - 1;
    }

    /// <summary>
    /// Two-phase install on bodies that are already running: (1) point the precode at the stub, so new calls
    /// through the entry point skip the body's first instructions; (2) after a pause that lets threads already
    /// inside those instructions leave them, write the body jump atomically; then look again for a body
    /// published meanwhile.
    /// </summary>
    private void InstallExistingBodies(IReadOnlyList<LivePatch> patches)
    {
        // With the engine's profiler attached the runtime can be suspended: then no managed thread stands inside any
        // method's first instructions (prologs are never GC-safe points), and every jump is written in one window.
        var suspended = SelfProfiler.IsAttached;
        for (var round = 0; round < 3 && patches.Count > 0; round++)
        {
            var pending = new List<(LivePatch Patch, BodyDetour Detour, nint PrecodeSlot)>();
            lock (bodyGate)
            {
                foreach (var patch in patches)
                {
                    foreach (var body in FindBodies(patch.Target))
                    {
                        var detour = PrepareLiveBody(patch, body, out var problem);
                        if (detour is null)
                        {
                            if (problem is not null && !TryRedirectPrecode(patch, body))
                            {
                                patch.AddGap($"one body not patched: {problem}");
                            }

                            continue;
                        }

                        var precodeSlot = body.PrecodeSlot;
                        if (suspended || (precodeSlot != 0 && Interlocked.CompareExchange(ref *(nint*)precodeSlot, detour.Stub, body.Start) != body.Start))
                        {
                            precodeSlot = 0;
                        }

                        pending.Add((patch, detour, precodeSlot));
                    }
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            if (!suspended)
            {
                Thread.Sleep(1); // lets threads that were inside a body's first instructions leave them
            }

            lock (bodyGate)
            {
                var installed = suspended ? InstallSuspended(pending.Select(p => p.Detour).ToList()) : null;
                for (var i = 0; i < pending.Count; i++)
                {
                    var (patch, detour, precodeSlot) = pending[i];
                    if (installed is null ? detour.TryInstallLive() : installed[i])
                    {
                        bodies[detour.Code] = detour;
                        patch.Bodies.Add(detour);
                    }
                    else
                    {
                        patch.AddGap($"body at 0x{detour.Code:x} changed while patching; not patched");
                    }

                    if (precodeSlot != 0)
                    {
                        Interlocked.CompareExchange(ref *(nint*)precodeSlot, detour.Code, detour.Stub);
                    }
                }
            }
        }
    }

    /// <summary>Writes every jump while the runtime is suspended; which ones were written.</summary>
    private static bool[] InstallSuspended(List<BodyDetour> detours)
    {
        var written = new bool[detours.Count];
        var indexes = new List<int>();
        var at = new List<nint>();
        var expected = new List<ulong>();
        var desired = new List<ulong>();
        for (var i = 0; i < detours.Count; i++)
        {
            if (detours[i].PlanInstall() is { } swap)
            {
                indexes.Add(i);
                at.Add(detours[i].Code);
                expected.Add(swap.Expected);
                desired.Add(swap.Desired);
            }
        }

        if (indexes.Count == 0)
        {
            return written;
        }

        var addresses = at.ToArray();
        var expectedBytes = expected.ToArray();
        var desiredBytes = desired.ToArray();
        var results = new int[indexes.Count];
        int hr;
        fixed (nint* a = addresses)
        fixed (ulong* e = expectedBytes)
        fixed (ulong* d = desiredBytes)
        fixed (int* r = results)
        {
            hr = NativeHelper.Cas8Suspended((uint)indexes.Count, (ulong**)a, e, d, r);
        }

        for (var k = 0; k < indexes.Count; k++)
        {
            if (hr == 0 && results[k] == 0)
            {
                detours[indexes[k]].MarkInstalled();
                written[indexes[k]] = true;
            }
        }

        return written;
    }

    /// <summary>A detour ready to install on a published body, or null when the body is already detoured,
    /// not yet published, or cannot take a jump (the reason goes into the patch's notes).</summary>
    private BodyDetour? PrepareLiveBody(LivePatch patch, BodyLocation body, out string? problem)
    {
        problem = null;
        if (bodies.TryGetValue(body.Start, out var known))
        {
            if (known.Installed)
            {
                return null;
            }

            if (known.Slot == patch.Slot && new ReadOnlySpan<byte>((void*)body.Start, PrefixAnalysis.JumpLength).SequenceEqual(known.OriginalFirstBytes))
            {
                return known; // unchanged body patched before: reuse its stub (stubs are never freed)
            }
        }

        if (*(ulong*)body.Start == 0)
        {
            return null; // compiled but not copied into place yet; the next round or the hook catches it
        }

        var prefix = PrefixAnalysis.Analyze(body.Start, body.Start, body.Size, body.RoomAfter);
        if (!prefix.CanDetour)
        {
            problem = prefix.Problem;
            return null;
        }

        var stub = CounterStub.Build(body.Start, prefix, patch.Slot, out problem);
        if (stub == 0)
        {
            return null;
        }

        ourStubs.Add(stub);
        return new BodyDetour(body.Start, stub, patch.Slot, new ReadOnlySpan<byte>((void*)body.Start, PrefixAnalysis.JumpLength).ToArray());
    }

    /// <summary>
    /// For a body that cannot take a jump (e.g. a 4-byte Tier1 body): point its precode at a counting stub that
    /// then jumps to the body. Counts every call made through the entry point (all calls to a non-virtual
    /// method); calls that reach the body directly (a vtable slot) are not seen, which the notes say.
    /// </summary>
    private bool TryRedirectPrecode(LivePatch patch, BodyLocation body)
    {
        if (precodeRedirects.Values.Any(r => r.Body == body.Start && r.Owner == patch))
        {
            return true;
        }

        if (body.PrecodeSlot == 0 || precodeRedirects.ContainsKey(body.PrecodeSlot))
        {
            return precodeRedirects.TryGetValue(body.PrecodeSlot, out var existing) && existing.Owner == patch;
        }

        var stub = CounterStub.Build(body.Start, PrefixAnalysis.Empty, patch.Slot, out _);
        if (stub == 0 || Interlocked.CompareExchange(ref *(nint*)body.PrecodeSlot, stub, body.Start) != body.Start)
        {
            return false;
        }

        ourStubs.Add(stub);
        precodeRedirects[body.PrecodeSlot] = new PrecodeRedirect(body.PrecodeSlot, body.Start, stub, patch);
        if (patch.Method.IsVirtual)
        {
            patch.AddGap("body too short for a jump: calls through the entry point are counted, virtual calls straight to the body are not");
        }
        else
        {
            patch.AddNote("body too short for a jump: counted at its entry point instead");
        }

        return true;
    }

    private void RemovePrecodeRedirects(LivePatch patch)
    {
        foreach (var redirect in precodeRedirects.Values.Where(r => r.Owner == patch).ToList())
        {
            // If the runtime has since repointed the precode (a new body), it is no longer ours to restore.
            Interlocked.CompareExchange(ref *(nint*)redirect.Slot, redirect.Body, redirect.Stub);
            precodeRedirects.Remove(redirect.Slot);
        }
    }

    private int RestoreAll(List<BodyDetour> detours)
    {
        var failures = 0;
        foreach (var detour in detours)
        {
            var restored = false;
            for (var attempt = 0; attempt < RestoreRetries && !restored; attempt++)
            {
                lock (bodyGate)
                {
                    restored = detour.TryRestoreLive();
                }

                if (!restored)
                {
                    // Patched in the JIT's copy but not copied into place yet: wait for the runtime to publish it.
                    Thread.Sleep(1);
                }
            }

            if (!restored)
            {
                failures++;
            }
        }

        return failures;
    }

    /// <summary>Runs on a JIT thread inside compileMethod, for a watched method's new body (never OSR).</summary>
    private void OnWatchedCompile(CompileEvent compiled)
    {
        if (!ownersByHandle.TryGetValue(compiled.MethodHandle, out var patch)
            && !ownersByDefinition.TryGetValue((compiled.Scope, (int)compiled.Token), out patch))
        {
            return;
        }

        lock (bodyGate)
        {
            if (!patch.IsActive || bodies.TryGetValue(compiled.Code, out var existing) && existing.Installed)
            {
                return;
            }

            var room = (int)(compiled.Reserved - compiled.Size);
            var prefix = PrefixAnalysis.Analyze(compiled.Code, compiled.CodeWritable, (int)compiled.Size, room);
            if (!prefix.CanDetour)
            {
                patch.AddGap($"a recompiled body was not patched: {prefix.Problem}");
                return;
            }

            var stub = CounterStub.Build(compiled.Code, prefix, patch.Slot, out var problem);
            if (stub == 0)
            {
                patch.AddGap($"a recompiled body was not patched: {problem}");
                return;
            }

            ourStubs.Add(stub);
            var original = new ReadOnlySpan<byte>((void*)compiled.CodeWritable, PrefixAnalysis.JumpLength).ToArray();
            var detour = new BodyDetour(compiled.Code, stub, patch.Slot, original);
            detour.WriteIntoUnpublishedCopy(compiled.CodeWritable);
            bodies[compiled.Code] = detour;
            patch.Bodies.Add(detour);
        }
    }
}

/// <summary>A precode pointed at a counting stub (for a body that cannot take a jump).</summary>
internal sealed record PrecodeRedirect(nint Slot, nint Body, nint Stub, LivePatch Owner);

/// <summary>A body found for a patch: where it starts, its size and spare room when the registry knows them
/// (else 0), and the precode slot that currently jumps straight to it (else 0).</summary>
internal readonly record struct BodyLocation(nint Start, int Size, int RoomAfter, nint PrecodeSlot);

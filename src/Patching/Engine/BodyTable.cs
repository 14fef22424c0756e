using System.Runtime.InteropServices;
using Instr.Patching.Detours;
using Instr.Patching.Interop;
using Instr.Patching.Platforms.X64;
using Instr.Patching.Runtime.CoreClr;
using Instr.Patching.Runtime.CoreClr.Profiling;
using Instr.Patching.Uninlining;

namespace Instr.Patching.Engine;

/// <summary>
/// Every body the engine has detoured, and how a body gets its jump: found (registry + entry walk), installed on
/// running code (suspended runtime, or two-phase with a pause), written into a new body before it is published,
/// redirected at its precode when it cannot take a jump, and restored. <see cref="Gate"/> guards it all; it is the
/// only lock the JIT hook takes, and nothing under it waits for a compile.
/// </summary>
internal sealed unsafe class BodyTable(CompileIndex compiles, ProbeStubs stubs)
{
    private const int RestoreRetries = 200;
    private const int SuspendAttempts = 50;

    private readonly Dictionary<nint, BodyDetour> bodies = [];
    private readonly HashSet<nint> ourStubs = [];
    private readonly Dictionary<nint, PrecodeRedirect> precodeRedirects = [];

    public object Gate { get; } = new();

    /// <summary>Bodies (and precode redirects) installed for a patch now.</summary>
    public int InstalledCount(LivePatch patch)
    {
        lock (Gate)
        {
            return patch.Bodies.Count + precodeRedirects.Values.Count(r => r.Owner == patch);
        }
    }

    /// <summary>Every body the engine knows for a method: from the compile registry and by walking entry points.</summary>
    public List<BodyLocation> FindBodies(PatchTarget target)
    {
        var result = new Dictionary<nint, BodyLocation>();
        var byHandle = new Dictionary<nint, List<nint>>();
        foreach (var record in compiles.Of(target))
        {
            if (!JitFlags.IsOsr(record.JitFlags))
            {
                result[record.Code] = new BodyLocation(record.Code, (int)record.Size, (int)(record.Reserved - record.Size), 0);
                if (!byHandle.TryGetValue(record.MethodHandle, out var codes))
                {
                    byHandle[record.MethodHandle] = codes = [];
                }

                codes.Add(record.Code);
            }
        }

        var reached = new HashSet<nint>();
        var everyEntryReached = target.EntryPoints.Count > 0;
        foreach (var entry in target.EntryPoints)
        {
            var chain = EntryChain.Walk(entry);
            var current = CurrentBody(chain);
            if (current == 0)
            {
                everyEntryReached = false;
                continue;
            }

            reached.Add(current);
            if (current != chain.Body)
            {
                continue; // through a precode already redirected to one of our stubs
            }

            if (!result.ContainsKey(chain.Body))
            {
                result[chain.Body] = new BodyLocation(chain.Body, 0, 0, chain.PrecodeSlot);
            }
            else if (chain.PrecodeSlot != 0)
            {
                result[chain.Body] = result[chain.Body] with { PrecodeSlot = chain.PrecodeSlot };
            }
        }

        // A body of a MethodDesc whose entry point leads to another body has been superseded (an older tier, or the
        // original code of a method the runtime recompiled for a patch): new calls cannot reach it, and it needs no
        // jump. Judged only where the entry point is known: the method's own MethodDesc, or for a generic definition
        // each instantiation's (other MethodDescs, such as a struct method's unboxing entry, are never judged so).
        var superseded = new HashSet<nint>();
        foreach (var (handle, codes) in byHandle)
        {
            var ownEntry = target.Handles.Count > 0 && handle == target.Handles[0] && !target.WholeDefinition;
            var current = ownEntry
                ? (everyEntryReached && reached.Count == 1 ? reached.First() : 0)
                : target.WholeDefinition && MethodHandles.EntryPointOf(handle) is var entry and not 0 ? CurrentBody(EntryChain.Walk(entry)) : 0;
            if (current != 0)
            {
                superseded.UnionWith(codes.Where(code => code != current));
            }
        }

        return [.. result.Values.Select(b => superseded.Contains(b.Start) ? b with { Superseded = true } : b)];
    }

    /// <summary>The body an entry chain leads to — through a precode this engine redirected, the body it was redirected
    /// for — or 0 when not known (not compiled, or an unknown stub of ours).</summary>
    private nint CurrentBody(EntryChainEnd chain)
    {
        if (!chain.Compiled)
        {
            return 0;
        }

        lock (Gate)
        {
            if (!ourStubs.Contains(chain.Body))
            {
                return chain.Body;
            }

            return precodeRedirects.Values.FirstOrDefault(r => r.Stub == chain.Body)?.Body ?? 0;
        }
    }

    /// <summary>
    /// Two-phase install on bodies that are already running: (1) point the precode at the stub, so new calls
    /// through the entry point skip the body's first instructions; (2) after a pause that lets threads already
    /// inside those instructions leave them, write the body jump atomically; then look again for a body
    /// published meanwhile.
    /// </summary>
    public void InstallExistingBodies(IReadOnlyList<LivePatch> patches)
    {
        // With the engine's profiler attached the runtime can be suspended: then no managed thread stands inside any
        // method's first instructions (prologs are never GC-safe points), and every jump is written in one window.
        var suspended = SelfProfiler.IsAttached;
        for (var round = 0; round < 3 && patches.Count > 0; round++)
        {
            // Sized for the batch up front: grown by doubling, 10,000 entries leave a trail of large-object-heap arrays,
            // and each LOH budget spent is a blocking gen2 GC of the app.
            var pending = new List<(LivePatch Patch, BodyDetour Detour, nint PrecodeSlot)>(patches.Count);
            lock (Gate)
            {
                bodies.EnsureCapacity(bodies.Count + patches.Count);
                ourStubs.EnsureCapacity(ourStubs.Count + patches.Count);
                foreach (var patch in patches)
                {
                    foreach (var body in FindBodies(patch.Target))
                    {
                        var detour = PrepareLiveBody(patch, body, out var problem);
                        if (detour is null)
                        {
                            if (problem is not null && !TryRedirectPrecode(patch, body))
                            {
                                if (body.Superseded)
                                {
                                    patch.AddNote($"an older body was left unpatched ({problem}): no entry point leads to it any more, the current one is patched");
                                }
                                else
                                {
                                    patch.AddGap($"one body not patched: {problem}");
                                }
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

            lock (Gate)
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
        var attempt = 0;
        do
        {
            if (attempt > 0)
            {
                // The runtime refuses a suspension while another is in progress (a GC, a ReJIT): it is over in moments.
                Thread.Sleep(1);
            }

            fixed (nint* a = addresses)
            fixed (ulong* e = expectedBytes)
            fixed (ulong* d = desiredBytes)
            fixed (int* r = results)
            {
                hr = NativeHelper.Cas8Suspended((uint)indexes.Count, (ulong**)a, e, d, r);
            }
        }
        while (hr != 0 && ++attempt < SuspendAttempts);

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

            if (known.Slot == patch.Slot && patch.Route is null && known.Diverted == 0 && new ReadOnlySpan<byte>((void*)body.Start, PrefixAnalysis.JumpLength).SequenceEqual(known.OriginalFirstBytes))
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

        var stub = stubs.Build(patch, body.Start, prefix, out problem);
        if (stub == 0)
        {
            return null;
        }

        ourStubs.Add(stub);
        return new BodyDetour(body.Start, stub, patch.Slot, new ReadOnlySpan<byte>((void*)body.Start, PrefixAnalysis.JumpLength).ToArray())
        {
            Diverted = patch.Route?.Wrapper.Entry ?? 0,
            Prefix = prefix,
        };
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

        var stub = stubs.Build(patch, body.Start, PrefixAnalysis.Empty, out _);
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

    /// <summary>
    /// After the patch's probe changed (<see cref="LivePatch.SwitchTo"/>): points every body's jump, and every precode
    /// redirect, at a stub for the new probe, each with one atomic write. Calls keep being counted by the same slot
    /// throughout: a call runs either the old stub or the new one. A body the JIT has detoured but the runtime has not
    /// published yet is retried for a while. Returns how many bodies still run the old probe.
    /// </summary>
    public int SwitchProbe(LivePatch patch)
    {
        var left = int.MaxValue;
        for (var attempt = 0; attempt < RestoreRetries && left > 0; attempt++)
        {
            lock (Gate)
            {
                left = 0;
                for (var i = 0; i < patch.Bodies.Count; i++)
                {
                    var detour = patch.Bodies[i];
                    var wanted = patch.Route?.Wrapper.Entry ?? 0;
                    if (detour.Diverted == wanted)
                    {
                        continue;
                    }

                    var published = X64Jumps.StartsWithRelativeJump(detour.Code);
                    var stub = published && detour.Prefix is { } prefix ? stubs.Build(patch, detour.Code, prefix, out _) : 0;
                    if (stub != 0)
                    {
                        ourStubs.Add(stub);
                    }

                    if (stub != 0 && detour.TryRetargetLive(stub, wanted) is { } next)
                    {
                        bodies[detour.Code] = next;
                        patch.Bodies[i] = next;
                    }
                    else
                    {
                        left++;
                    }
                }

                foreach (var redirect in precodeRedirects.Values.Where(r => r.Owner == patch).ToList())
                {
                    var stub = stubs.Build(patch, redirect.Body, PrefixAnalysis.Empty, out _);
                    if (stub != 0 && Interlocked.CompareExchange(ref *(nint*)redirect.Slot, stub, redirect.Stub) == redirect.Stub)
                    {
                        ourStubs.Add(stub);
                        precodeRedirects[redirect.Slot] = redirect with { Stub = stub };
                    }
                }
            }

            if (left > 0)
            {
                Thread.Sleep(1); // a body detoured in the JIT's copy: wait for the runtime to publish it
            }
        }

        return left;
    }

    /// <summary>Puts back the precodes redirected for this patch; the caller holds <see cref="Gate"/>.</summary>
    public void RemovePrecodeRedirects(LivePatch patch)
    {
        foreach (var redirect in precodeRedirects.Values.Where(r => r.Owner == patch).ToList())
        {
            // If the runtime has since repointed the precode (a new body), it is no longer ours to restore.
            Interlocked.CompareExchange(ref *(nint*)redirect.Slot, redirect.Body, redirect.Stub);
            precodeRedirects.Remove(redirect.Slot);
        }
    }

    public int RestoreAll(List<BodyDetour> detours)
    {
        var failures = 0;
        foreach (var detour in detours)
        {
            var restored = false;
            for (var attempt = 0; attempt < RestoreRetries && !restored; attempt++)
            {
                lock (Gate)
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

    /// <summary>Detours a new body of <paramref name="patch"/>'s method in the JIT's writable copy, before the
    /// runtime publishes it. Runs on a JIT thread inside compileMethod: takes only <see cref="Gate"/>.</summary>
    public void DetourNewBody(LivePatch patch, CompileEvent compiled)
    {
        lock (Gate)
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

            var stub = stubs.Build(patch, compiled.Code, prefix, out var problem);
            if (stub == 0)
            {
                patch.AddGap($"a recompiled body was not patched: {problem}");
                return;
            }

            ourStubs.Add(stub);
            var original = new ReadOnlySpan<byte>((void*)compiled.CodeWritable, PrefixAnalysis.JumpLength).ToArray();
            var detour = new BodyDetour(compiled.Code, stub, patch.Slot, original) { Diverted = patch.Route?.Wrapper.Entry ?? 0, Prefix = prefix };
            detour.WriteIntoUnpublishedCopy(compiled.CodeWritable);
            bodies[compiled.Code] = detour;
            patch.Bodies.Add(detour);
        }
    }
}

/// <summary>A precode pointed at a counting stub (for a body that cannot take a jump).</summary>
internal sealed record PrecodeRedirect(nint Slot, nint Body, nint Stub, LivePatch Owner);

/// <summary>A body found for a patch: where it starts, its size and spare room when the registry knows them
/// (else 0), and the precode slot that currently jumps straight to it (else 0). <see cref="Superseded"/>: the
/// method's entry points lead elsewhere (an older tier, or code replaced by a recompile), so new calls do not reach it.</summary>
internal readonly record struct BodyLocation(nint Start, int Size, int RoomAfter, nint PrecodeSlot)
{
    public bool Superseded { get; init; }
}

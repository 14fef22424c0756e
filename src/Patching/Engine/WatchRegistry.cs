using System.Collections.Concurrent;
using Instr.Patching.Interop;

namespace Instr.Patching.Engine;

/// <summary>
/// Which live patch owns which method handles and definitions: tells the native JIT hook what to watch (new bodies
/// to patch, inlining to refuse) and answers the hook's "whose body is this?" without a lock. Watches are
/// ref-counted, because two patches may share a handle or a token (a generic definition and one instantiation).
/// Mutated only under the engine's patch lock; the owner maps change under the body lock so the hook never sees an
/// owner whose body table entry is not ready. They are concurrent dictionaries (lock-free reads, one entry per write):
/// an immutable map rebuilt per batch cost ~90 ms for 10,000 patches, most of it its tree's first-time JIT.
/// </summary>
internal sealed unsafe class WatchRegistry(object bodyGate)
{
    private readonly Dictionary<nint, int> handleWatchCounts = [];
    private readonly Dictionary<(nint Scope, int Token, bool Whole), int> tokenWatchCounts = [];
    private readonly ConcurrentDictionary<nint, LivePatch> ownersByHandle = new();
    private readonly ConcurrentDictionary<(nint Scope, int Token), LivePatch> ownersByDefinition = new();

    /// <summary>The patch whose method the JIT has just compiled, or null. Lock-free: called inside compileMethod.</summary>
    public LivePatch? OwnerOf(CompileEvent compiled) =>
        ownersByHandle.TryGetValue(compiled.MethodHandle, out var patch)
        || ownersByDefinition.TryGetValue((compiled.Scope, (int)compiled.Token), out patch)
            ? patch
            : null;

    /// <summary>Watches new patches.</summary>
    public void WatchAll(IReadOnlyList<LivePatch> patches)
    {
        lock (bodyGate)
        {
            foreach (var patch in patches)
            {
                foreach (var handle in patch.Target.Handles)
                {
                    ownersByHandle[handle] = patch;
                }

                if (patch.Target.BodiesByToken)
                {
                    ownersByDefinition[(patch.Target.Scope, patch.Target.Token)] = patch;
                }
            }
        }

        // Every patch here is new: sized once (see BodyTable.InstallExistingBodies on why growing hurts at 10,000).
        handleWatchCounts.EnsureCapacity(handleWatchCounts.Count + patches.Count);
        tokenWatchCounts.EnsureCapacity(tokenWatchCounts.Count + (2 * patches.Count));
        foreach (var patch in patches)
        {
            WatchInNativeHook(patch.Target);
        }
    }

    private void WatchInNativeHook(PatchTarget target)
    {
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

    /// <summary>Stops watching for this patch; the caller holds the body lock.</summary>
    public void Unwatch(LivePatch patch)
    {
        var target = patch.Target;
        foreach (var handle in target.Handles)
        {
            ownersByHandle.TryRemove(new KeyValuePair<nint, LivePatch>(handle, patch));
            if (Decrement(handleWatchCounts, handle) == 0)
            {
                NativeHelper.WatchHandle(handle, 0);
            }
        }

        if (target.BodiesByToken)
        {
            ownersByDefinition.TryRemove(new KeyValuePair<(nint, int), LivePatch>((target.Scope, target.Token), patch));
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
}

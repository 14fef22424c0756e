using System.Globalization;
using Instr.Patching.Engine;
using Instr.Patching.Interop;
using Instr.Patching.Runtime.CoreClr.Profiling;

namespace Instr.Patching.Uninlining;

/// <summary>
/// The runtime's own un-inlining, through the engine's self-attached profiler:
/// <list type="bullet">
/// <item>RequestReJITWithInliners on a patched method makes the runtime find, in its inline-tracking map (every JIT
/// compile since the process started, plus the inlining tables of ReadyToRun images), every method that inlined it,
/// and give each a new version compiled at its next call — through the engine's JIT hook, which refuses to inline the
/// patched method, so the new code calls it. Needed once per method (until reverted): later compiles are in the
/// engine's own inline map.</item>
/// <item>RequestReJIT on the callers the engine's inline map names (compiled since the engine started, and not
/// already given a new version since).</item>
/// </list>
/// DynamicMethods (LCG) are never ReJIT'd: <see cref="CloneReroute"/> handles those.
/// <para>Once no live patch needs ReJIT'd code, every method ReJIT'd for the engine is reverted (RequestRevert) after a
/// short quiet period, so the app runs its original code again, inlined copies included; the quiet period keeps
/// patch/unpatch cycles from recompiling the app's hot code each time.</para>
/// </summary>
internal sealed unsafe class ReJitRoute : IDisposable
{
    private const uint ConfiguredEvent = 1;
    private const uint ErrorEvent = 2;
    private static readonly TimeSpan RevertAfter = TimeSpan.FromSeconds(1);

    private readonly object sync = new();
    private readonly HashSet<(nint Module, uint Token)> rejitted = [];
    private readonly Dictionary<(nint Module, uint Token), uint> coveredUntil = [];
    private readonly Dictionary<(nint Module, uint Token), uint> requestedAt = [];
    private readonly Dictionary<(nint Module, uint Token), int> errors = [];
    private readonly HashSet<LivePatch> holders = [];
    private readonly Timer revertTimer;
    private uint eventsRead;
    private long lastRequestAt;

    public ReJitRoute() => revertTimer = new Timer(_ => RevertIfIdle(), null, Timeout.Infinite, Timeout.Infinite);

    /// <summary>How many methods the last revert put back to their original code (for tests and diagnostics).</summary>
    public int LastReverted { get; private set; }

    /// <summary>Why ReJIT cannot be used in this process, or null (attaches the profiler on first use).</summary>
    public static string? Unavailable() => SelfProfiler.TryEnsureAttached(out var reason) ? null : reason;

    /// <summary>
    /// Makes every caller of these patched methods that holds an inlined copy get a new version. <paramref name="patched"/>:
    /// each patched method, whether callers the engine cannot know may exist, and the bodies the engine's inline map
    /// names. Returns null, or why the runtime refused.
    /// </summary>
    public string? Request(IReadOnlyList<(LivePatch Patch, bool UnknownCallers, IReadOnlyList<CompiledBody> Known)> patched, uint registryCount)
    {
        // One lock over bookkeeping and the runtime calls: a revert can never interleave with a request.
        lock (sync)
        {
            revertTimer.Change(Timeout.Infinite, Timeout.Infinite);
            lastRequestAt = Environment.TickCount64;
            var withInliners = new List<(nint Module, uint Token)>();
            var callers = new HashSet<(nint Module, uint Token)>();
            foreach (var (patch, unknownCallers, known) in patched)
            {
                holders.Add(patch);
                var method = (ModuleData.Of(patch.Method.Module), (uint)patch.Method.MetadataToken);
                if (unknownCallers && !coveredUntil.ContainsKey(method))
                {
                    withInliners.Add(method);
                }

                foreach (var record in known)
                {
                    if (!Superseded(method, record))
                    {
                        callers.Add((record.Record.Scope, record.Record.Token));
                    }
                }
            }

            if (Send(withInliners, NativeHelper.RejitWithInliners) is { } refusedWithInliners)
            {
                return refusedWithInliners;
            }

            foreach (var method in withInliners)
            {
                coveredUntil[method] = registryCount;
                rejitted.Add(method);
            }

            callers.ExceptWith(withInliners);
            if (Send([.. callers], NativeHelper.Rejit) is { } refused)
            {
                return refused;
            }

            foreach (var caller in callers)
            {
                requestedAt[caller] = registryCount;
                rejitted.Add(caller);
            }

            return null;
        }
    }

    /// <summary>ReJIT errors the runtime reported (read from the profiler's log), one line each.</summary>
    public IReadOnlyList<string> Errors()
    {
        lock (sync)
        {
            ReadEvents();
            return [.. errors.Select(e => string.Create(CultureInfo.InvariantCulture, $"ReJIT of method 0x{e.Key.Token:x8} failed (HRESULT 0x{e.Value:x8})"))];
        }
    }

    /// <summary>A patch that made requests went away. When none is left the revert runs now — or, when patches came
    /// and went within the quiet period (a patch/unpatch loop), once that period has passed without a new one.</summary>
    public void Release(LivePatch holder)
    {
        bool now;
        lock (sync)
        {
            if (!holders.Remove(holder) || holders.Count > 0 || rejitted.Count == 0)
            {
                return;
            }

            now = Environment.TickCount64 - lastRequestAt >= (long)RevertAfter.TotalMilliseconds;
            if (!now)
            {
                revertTimer.Change(RevertAfter, Timeout.InfiniteTimeSpan);
            }
        }

        if (now)
        {
            RevertIfIdle();
        }
    }

    /// <summary>Reverts now when no live patch holds ReJIT'd code (also what the quiet-period timer calls).</summary>
    public void RevertIfIdle()
    {
        lock (sync)
        {
            if (holders.Count > 0)
            {
                return;
            }

            ReadEvents();
            (nint Module, uint Token)[] toRevert = [.. rejitted];
            rejitted.Clear();
            coveredUntil.Clear();
            requestedAt.Clear();
            if (toRevert.Length == 0 || !SelfProfiler.IsAttached)
            {
                return;
            }

            var modules = toRevert.Select(m => m.Module).ToArray();
            var tokens = toRevert.Select(m => m.Token).ToArray();
            var statuses = new int[toRevert.Length];
            fixed (nint* moduleIds = modules)
            fixed (uint* methodIds = tokens)
            fixed (int* status = statuses)
            {
                NativeHelper.RejitRevert((uint)toRevert.Length, moduleIds, methodIds, status);
            }

            LastReverted = statuses.Count(s => s == 0);
        }
    }

    public void Dispose() => revertTimer.Dispose();

    /// <summary>True when the body was compiled before its method (or the patched method's inliners) got a new version.</summary>
    private bool Superseded((nint Module, uint Token) patchedMethod, CompiledBody body) =>
        (coveredUntil.TryGetValue(patchedMethod, out var covered) && body.Index < covered)
        || (requestedAt.TryGetValue((body.Record.Scope, body.Record.Token), out var requested) && body.Index < requested);

    private static string? Send(IReadOnlyList<(nint Module, uint Token)> methods, delegate* unmanaged<uint, nint*, uint*, int> request)
    {
        if (methods.Count == 0)
        {
            return null;
        }

        var modules = methods.Select(m => m.Module).ToArray();
        var tokens = methods.Select(m => m.Token).ToArray();
        int result;
        fixed (nint* moduleIds = modules)
        fixed (uint* methodIds = tokens)
        {
            result = request((uint)methods.Count, moduleIds, methodIds);
        }

        return result == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"the runtime refused the ReJIT request (HRESULT 0x{result:x8})");
    }

    /// <summary>Methods the runtime gave a new version (GetReJITParameters), and errors, since the last read.</summary>
    private void ReadEvents()
    {
        uint count;
        var log = NativeHelper.RejitLog(&count);
        while (eventsRead < count)
        {
            var kind = Volatile.Read(ref log[eventsRead].Kind);
            if (kind == 0)
            {
                break;
            }

            var key = (log[eventsRead].Module, log[eventsRead].Token);
            if (kind == ConfiguredEvent)
            {
                rejitted.Add(key);
            }
            else if (kind == ErrorEvent)
            {
                errors[key] = log[eventsRead].Result;
            }

            eventsRead++;
        }
    }
}

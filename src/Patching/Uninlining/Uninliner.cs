using System.Reflection;
using System.Reflection.Emit;
using Instr.Patching.Engine;

using Instr.Patching.Interop;
using Instr.Patching.Runtime.CoreClr.Profiling;

namespace Instr.Patching.Uninlining;

/// <summary>
/// Makes the callers that already contain an inlined copy of a freshly patched method call it instead, before the
/// patch returns, so its count is exact (the engine's JIT hook refuses to inline watched methods, so only code
/// compiled before the patch can hold a copy):
/// <list type="bullet">
/// <item>ordinary methods (JIT'd or ReadyToRun): ReJIT through the engine's self-attached profiler
/// (<see cref="ReJitRoute"/>), which finds them in the runtime's own inline-tracking map;</item>
/// <item>DynamicMethods (which ReJIT skips — ASP.NET Core's request delegates and action invokers, System.Text.Json's
/// accessors, expression trees), and ordinary methods when ReJIT is not available (another profiler owns the
/// process): a fresh compile of the same IL with the running body redirected to it (<see cref="CloneReroute"/>),
/// found in the JIT's own inline reports (<see cref="InlineMap"/>).</item>
/// </list>
/// What cannot be reached is stated as a coverage gap on the patch (never a silent miss). Unpatching undoes both
/// routes once no live patch needs them, so the app runs its original code again.
/// </summary>
internal sealed unsafe class Uninliner
{
    private const int NamesShown = 3;

    private readonly object sync = new();
    private readonly InlineMap map = new();
    private readonly ReJitRoute rejit = new();
    private readonly EngineStart start;
    private readonly CompileIndex compiles;
    private readonly Dictionary<nint, CloneReroute> reroutesByBody = [];
    private readonly RunningCheck runningCache = new();
    private readonly EarlierDynamicMethods earlierDynamic = new();
    private readonly Dictionary<LivePatch, List<CloneReroute>> reroutesByPatch = [];

    public Uninliner(EngineStart start, CompileIndex compiles)
    {
        this.start = start;
        this.compiles = compiles;
    }

    /// <summary>Un-inlines every method of <paramref name="patches"/> (already watched and installed).</summary>
    public void Apply(IReadOnlyList<LivePatch> patches)
    {
        lock (sync)
        {
            var wanted = new List<(LivePatch Patch, List<CompiledBody> Ordinary, string? Unknown)>();
            IReadOnlyList<(DynamicMethod Method, CompiledBody Body)>? earlierAlive = null;
            foreach (var patch in patches)
            {
                var method = patch.Method;
                var inliners = InlinerBodies(method);
                Reroute(patch, [.. inliners.Where(b => b.IsDynamic), .. EarlierDynamicCallers(method, ref earlierAlive)], "dynamic method");
                var ordinary = inliners.Where(b => !b.IsDynamic).ToList();
                var unknown = start.UnknownInlinersPossible(method);
                if (ordinary.Count > 0 || unknown is not null)
                {
                    wanted.Add((patch, ordinary, unknown));
                }

                if (start.LoadedBefore(method.Module) && !EngineStart.NeverInlined(method) && earlierDynamic.Problem is { } unlisted)
                {
                    patch.AddGap($"DynamicMethods compiled before instr started may contain an inlined copy whose calls are not counted ({unlisted})");
                }
            }

            if (wanted.Count == 0)
            {
                return;
            }

            uint registryCount;
            NativeHelper.Registry(&registryCount);
            var unavailable = ReJitRoute.Unavailable()
                ?? rejit.Request([.. wanted.Select(w => (w.Patch, w.Unknown is not null, (IReadOnlyList<CompiledBody>)w.Ordinary))], registryCount);
            foreach (var (patch, ordinary, unknown) in wanted)
            {
                if (unavailable is null)
                {
                    if (ordinary.Count > 0)
                    {
                        patch.AddNote($"inlined into {Plural(Methods(ordinary).Count, "compiled caller")} ({Names(ordinary)}): recompiled by the runtime (ReJIT) to call it");
                        WatchOldCode(patch, ordinary);
                    }

                    continue;
                }

                // No ReJIT: the bodies the JIT reported are re-routed like DynamicMethods; OSR bodies cannot be
                // entered from outside their own frame, so only a loop already running in one can still use it.
                Reroute(patch, [.. ordinary.Where(b => !JitFlags.IsOsr(b.Record.JitFlags))], "compiled caller");
                foreach (var osr in Methods(ordinary.Where(b => JitFlags.IsOsr(b.Record.JitFlags))))
                {
                    patch.AddGap($"a loop that was already running in {NameOf(osr)} when the patch was made keeps its inlined copy until that call returns ({unavailable})");
                }

                if (unknown is not null)
                {
                    patch.AddGap($"callers {unknown} may contain an inlined copy whose calls are not counted ({unavailable})");
                }
            }
        }
    }

    /// <summary>What <see cref="Apply"/> would do for the method (a dry run): the callers known to hold an inlined copy.</summary>
    public string? Describe(MethodBase method)
    {
        lock (sync)
        {
            var inliners = InlinerBodies(method);
            var dynamic = Methods(inliners.Where(b => b.IsDynamic)).Count;
            var ordinary = inliners.Where(b => !b.IsDynamic).ToList();
            var parts = new List<string>();
            if (ordinary.Count > 0)
            {
                parts.Add($"{Plural(Methods(ordinary).Count, "compiled caller")} ({Names(ordinary)})");
            }

            if (dynamic > 0)
            {
                parts.Add(Plural(dynamic, "dynamic method"));
            }

            return parts.Count == 0 ? null : $"inlined into {string.Join(" and ", parts)}: patching makes them call it (ReJIT, or a fresh compile)";
        }
    }

    /// <summary>Undoes what <see cref="Apply"/> did for this patch, where no other live patch still needs it.</summary>
    public void Release(LivePatch patch)
    {
        lock (sync)
        {
            if (reroutesByPatch.Remove(patch, out var reroutes))
            {
                foreach (var reroute in reroutes)
                {
                    if (reroute.Release(patch))
                    {
                        reroutesByBody.Remove(reroute.Redirect.Body);
                    }
                }
            }

            rejit.Release(patch);
        }
    }

    /// <summary>DynamicMethods compiled before the engine started whose IL calls the method (they may have inlined it).</summary>
    /// <param name="alive">The live earlier DynamicMethods, listed on first need and then reused for the rest of one
    /// Apply: listing asks the runtime about each of them, which must not happen once per patched method.</param>
    private List<CompiledBody> EarlierDynamicCallers(MethodBase method, ref IReadOnlyList<(DynamicMethod Method, CompiledBody Body)>? alive)
    {
        if (!start.LoadedBefore(method.Module) || EngineStart.NeverInlined(method))
        {
            return [];
        }

        alive ??= earlierDynamic.Alive();
        return [.. alive.Where(d => DynamicMethodCalls.Calls(d.Method, method.Module, method.MetadataToken)).Select(d => d.Body with { Earlier = d.Method })];
    }

    /// <summary>Bodies compiled since the engine started that contain an inlined copy of the method.</summary>
    private List<CompiledBody> InlinerBodies(MethodBase method)
    {
        var scope = ModuleData.Of(method.Module);
        var known = compiles.OfDefinition(scope, (uint)method.MetadataToken).Select(r => r.MethodHandle).ToHashSet();
        if (!method.ContainsGenericParameters)
        {
            known.Add(method.MethodHandle.Value);
        }

        var found = map.CompilesInlining(method.Module, method.MetadataToken, known);
        uint count;
        var registry = NativeHelper.Registry(&count);
        var bodies = new List<CompiledBody>(found.Count);
        foreach (var compile in found)
        {
            if (compile < count)
            {
                bodies.Add(new CompiledBody(compile, registry[compile]));
            }
        }

        return bodies;
    }

    /// <summary>Sends each body to a fresh compile of its method (shared when several patches need the same body).</summary>
    private void Reroute(LivePatch patch, List<CompiledBody> bodies, string kind)
    {
        var rerouted = new List<string>();
        foreach (var record in bodies)
        {
            if (!reroutesByBody.TryGetValue(record.Code, out var reroute))
            {
                reroute = CreateReroute(patch, record);
                if (reroute is null)
                {
                    continue;
                }
            }

            reroute.Hold(patch);
            if (!reroutesByPatch.TryGetValue(patch, out var held))
            {
                reroutesByPatch[patch] = held = [];
            }

            if (!held.Contains(reroute))
            {
                held.Add(reroute);
                rerouted.Add(reroute.Original is DynamicMethod ? reroute.Original.Name : MethodNames.Canonical(reroute.Original));
            }
        }

        if (rerouted.Count > 0)
        {
            var names = rerouted.Distinct().ToList();
            var shown = string.Join(", ", names.Take(NamesShown)) + (names.Count > NamesShown ? $" and {names.Count - NamesShown} more" : "");
            patch.AddNote($"inlined into {Plural(names.Count, kind)} ({shown}): re-routed to fresh compiles that call it");
        }
    }

    private CloneReroute? CreateReroute(LivePatch patch, CompiledBody body)
    {
        var record = body.Record;

        // A DynamicMethod's handle is freed when it is collected (and may be reused): it is only ever looked up through
        // the weak references the JIT hook took while the method was alive (or, for methods compiled before the engine,
        // after the runtime confirmed the handle owns that code). Redirect only the body it runs now.
        MethodBase? original = body.IsDynamic
            ? (body.Index == uint.MaxValue ? body.Earlier : DynamicCompiles.Find(record.MethodHandle, record.Code))
            : MethodHandles.MethodOf(record.MethodHandle);
        if (original is null || (original is DynamicMethod dynamic && CurrentCode(dynamic) != record.Code))
        {
            return null; // collected since, or recompiled: none of this body runs any more
        }

        var reroute = CloneReroute.TryCreate(original, record.Code, (int)record.Size, (int)(record.Reserved - record.Size),
            SelfProfiler.IsAttached ? SuspendedWrite : null, out var problem);
        if (reroute is null)
        {
            var name = original is DynamicMethod ? $"the dynamic method {original.Name}" : MethodNames.Canonical(original);
            patch.AddGap($"inlined into {name}, which could not be re-routed ({problem}): its calls are not counted");
            return null;
        }

        reroutesByBody[record.Code] = reroute;
        return reroute;
    }

    /// <summary>
    /// Calls already running old code (a thread inside a long loop of a caller that inlined the method) keep running
    /// their inlined copy until they return: nothing can change a running frame. The patch's coverage says so while
    /// such frames exist (found by walking every thread's stack with the runtime suspended). Old code means the bodies
    /// with an inlined copy, and the other bodies of methods that have an OSR body with one: a loop running in their
    /// Tier0 code would later enter that OSR body.
    /// </summary>
    private void WatchOldCode(LivePatch patch, IReadOnlyList<CompiledBody> inliners)
    {
        var ranges = new List<(nint Start, nint End, nint Method)>();
        foreach (var body in inliners.Select(b => b.Record))
        {
            ranges.Add((body.Code, body.Code + (nint)body.Size, body.MethodHandle));
            if (!JitFlags.IsOsr(body.JitFlags))
            {
                continue;
            }

            foreach (var other in compiles.OfDefinition(body.Scope, body.Token))
            {
                if (other.MethodHandle == body.MethodHandle && !ranges.Any(r => r.Start == other.Code))
                {
                    ranges.Add((other.Code, other.Code + (nint)other.Size, other.MethodHandle));
                }
            }
        }

        patch.WatchRunningFrames(() => RunningIn(ranges));
    }

    private string? RunningIn(List<(nint Start, nint End, nint Method)> ranges)
    {
        // Patch/unpatch cycles of one method ask about the same code again and again: one stack walk per quarter second.
        var key = string.Join(",", ranges.Select(r => r.Start));
        lock (runningCache)
        {
            if (runningCache.Key == key && Environment.TickCount64 - runningCache.At < 250)
            {
                return runningCache.Result;
            }
        }

        var result = WalkStacksFor(ranges);
        lock (runningCache)
        {
            (runningCache.Key, runningCache.At, runningCache.Result) = (key, Environment.TickCount64, result);
        }

        return result;
    }

    private static string? WalkStacksFor(List<(nint Start, nint End, nint Method)> ranges)
    {
        var starts = ranges.Select(r => r.Start).ToArray();
        var ends = ranges.Select(r => r.End).ToArray();
        var frames = new uint[ranges.Count];
        int result;
        fixed (nint* s = starts)
        fixed (nint* e = ends)
        fixed (uint* f = frames)
        {
            result = NativeHelper.RunningFrames((uint)ranges.Count, s, e, f);
        }

        if (result != 0)
        {
            return "could not check whether threads still run code compiled before the patch";
        }

        var running = ranges.Where((_, i) => frames[i] > 0).Select(r => r.Method).Distinct().ToList();
        if (running.Count == 0)
        {
            return null;
        }

        var names = string.Join(", ", running.Take(NamesShown).Select(NameOf));
        return $"{Plural(running.Count, "call")} still running code compiled before the patch with this method inlined ({names}): the calls they make are not counted until they return";
    }

    private static nint CurrentCode(DynamicMethod method)
    {
        try
        {
            return typeof(DynamicMethod).GetMethod("GetMethodDescriptor", BindingFlags.Instance | BindingFlags.NonPublic)?.Invoke(method, null)
                is RuntimeMethodHandle handle ? handle.GetFunctionPointer() : 0;
        }
        catch (TargetInvocationException)
        {
            return 0;
        }
    }

    private static bool SuspendedWrite(nint at, ulong expected, ulong desired)
    {
        var address = (ulong*)at;
        int result;
        var hr = NativeHelper.Cas8Suspended(1, &address, &expected, &desired, &result);
        return hr == 0 && result == 0;
    }

    private static List<nint> Methods(IEnumerable<CompiledBody> records) => [.. records.Select(r => r.MethodHandle).Distinct()];

    private static string Names(IEnumerable<CompiledBody> records)
    {
        var handles = Methods(records);
        var shown = string.Join(", ", handles.Take(NamesShown).Select(NameOf));
        return handles.Count > NamesShown ? $"{shown} and {handles.Count - NamesShown} more" : shown;
    }

    private static string NameOf(nint handle) => MethodHandles.MethodOf(handle) is { } method ? MethodNames.Canonical(method) : $"method 0x{handle:x}";

    private static string Plural(int count, string singular) => count == 1 ? $"1 {singular}" : $"{count} {singular}s";

    /// <summary>The last stack walk: which code ranges it was for, when, and what it found.</summary>
    private sealed class RunningCheck
    {
        public string? Key;
        public long At;
        public string? Result;
    }
}

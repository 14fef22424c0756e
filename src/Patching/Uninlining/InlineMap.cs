using System.Reflection;
using Instr.Patching.Interop;

namespace Instr.Patching.Uninlining;

/// <summary>
/// Which compiled bodies contain an inlined copy of a method: the JIT's own reports (ICorJitInfo::reportInliningDecision,
/// recorded by the native JIT hook per successful compile, attributed to the compile's root method), indexed
/// incrementally. Ground truth for every body compiled since the engine started — Tier1, OSR and DynamicMethod (LCG)
/// compiles included; bodies compiled before the engine started and ReadyToRun code are not in it.
/// </summary>
internal sealed unsafe class InlineMap
{
    private readonly object sync = new();
    private readonly Dictionary<uint, List<(nint Inlinee, uint Compile)>> byToken = [];
    private readonly Dictionary<nint, Module?> moduleOfInlinee = [];
    private uint scanned;

    public InlineMap()
    {
        if (NativeHelper.InlineRecordSize() != (ulong)sizeof(InlineRecord))
        {
            throw new PlatformNotSupportedException("patch engine: native helper does not match this engine build (inline record layout differs)");
        }
    }

    /// <summary>True when some inline report could not be recorded (then the map may miss an inliner).</summary>
    public static bool Incomplete => NativeHelper.InlineLogDropped() != 0;

    /// <summary>Indexes of the compile records whose bodies inlined the method with this (module, token) — any
    /// instantiation of it, since generic instantiations share the definition's token. An inlinee handle in
    /// <paramref name="knownHandles"/> matches at once; any other handle with the same token is resolved to check its
    /// module, when that is safe (<see cref="MethodHandles.MethodOf"/>).</summary>
    public IReadOnlyList<uint> CompilesInlining(Module module, int token, IReadOnlyCollection<nint> knownHandles)
    {
        lock (sync)
        {
            CatchUp();
            if (!byToken.TryGetValue((uint)token, out var candidates))
            {
                return [];
            }

            var compiles = new List<uint>();
            foreach (var (inlinee, compile) in candidates)
            {
                var matches = knownHandles.Contains(inlinee) || ModuleOf(inlinee) == module;
                if (matches && !compiles.Contains(compile))
                {
                    compiles.Add(compile);
                }
            }

            return compiles;
        }
    }

    private void CatchUp()
    {
        uint count;
        var log = NativeHelper.InlineLog(&count);
        while (scanned < count)
        {
            // The inlinee is written last: a record still being written stops the catch-up until next time.
            var inlinee = Volatile.Read(ref log[scanned].Inlinee);
            if (inlinee == 0)
            {
                break;
            }

            var token = log[scanned].Token;
            if (!byToken.TryGetValue(token, out var list))
            {
                byToken[token] = list = [];
            }

            list.Add((inlinee, log[scanned].Compile));
            scanned++;
        }
    }

    private Module? ModuleOf(nint inlinee)
    {
        if (!moduleOfInlinee.TryGetValue(inlinee, out var module))
        {
            moduleOfInlinee[inlinee] = module = MethodHandles.MethodOf(inlinee)?.Module;
        }

        return module;
    }
}

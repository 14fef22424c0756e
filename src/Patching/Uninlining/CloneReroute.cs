using System.Reflection;
using System.Reflection.Emit;
using Instr.Patching.Platforms.X64;
using Instr.Patching.Engine;


namespace Instr.Patching.Uninlining;

/// <summary>
/// One compiled body that inlined a patched method, sent to a fresh compile of the same method's IL that calls the
/// patched method instead: for a DynamicMethod (LCG, which ReJIT never recompiles) a <see cref="DynamicMethodClone"/>,
/// for an ordinary method (when ReJIT is not available) an <see cref="IlClone"/>. The running body gets an
/// <see cref="EntryRedirect"/>: LCG code is reached straight through delegates and virtual methods through vtable slots,
/// so there is no precode to swap. Held by every live patch whose method the body inlined; the last one to go puts the
/// original code back, so the app runs exactly its own code again.
/// </summary>
internal sealed class CloneReroute
{
    private readonly HashSet<LivePatch> holders = [];

    private CloneReroute(MethodBase original, DynamicMethod clone, EntryRedirect redirect)
    {
        Original = original;
        Clone = clone;
        Redirect = redirect;
    }

    /// <summary>Held strongly while re-routed: an LCG method's code is freed when its DynamicMethod is collected, and
    /// the redirect must never be undone into memory that now holds another method.</summary>
    public MethodBase Original { get; }

    public DynamicMethod Clone { get; }

    public EntryRedirect Redirect { get; }

    public bool Active => Redirect.Installed;

    /// <summary>Clones and redirects a live body, or returns null with the reason.</summary>
    /// <param name="original">The method (a DynamicMethod, or an ordinary method with an IL body).</param>
    /// <param name="body">Its current code.</param>
    /// <param name="size">Its code size (from the compile registry).</param>
    /// <param name="room">Spare bytes after its end that the engine reserved (0 when none).</param>
    /// <param name="suspendedWrite">Writes one 8-byte code change while the runtime is suspended, or null when that
    /// is not possible (then only a prolog that can take a live redirect qualifies).</param>
    public static CloneReroute? TryCreate(MethodBase original, nint body, int size, int room, Func<nint, ulong, ulong, bool>? suspendedWrite, out string? problem)
    {
        var compiled = original is DynamicMethod dynamic ? DynamicMethodClone.TryCompile(dynamic, out problem) : IlClone.TryCompile(original, out problem);
        if (compiled is not { } ready)
        {
            return null;
        }

        var redirect = EntryRedirect.PlanLive(body, size, room, ready.Code, out var liveProblem);
        if (redirect is not null)
        {
            if (!redirect.TryInstall())
            {
                problem = "its code changed while being redirected";
                return null;
            }

            return new CloneReroute(original, ready.Clone, redirect);
        }

        if (suspendedWrite is null)
        {
            problem = liveProblem;
            return null;
        }

        redirect = EntryRedirect.PlanAtEntry(body, size, ready.Code, out problem);
        if (redirect is null)
        {
            return null;
        }

        if (!suspendedWrite(redirect.Site, redirect.Original, redirect.Redirected))
        {
            problem = "its code could not be redirected while the runtime was suspended";
            return null;
        }

        redirect.MarkInstalled();
        return new CloneReroute(original, ready.Clone, redirect);
    }

    public void Hold(LivePatch patch) => holders.Add(patch);

    /// <summary>Drops a holder; when none is left, puts the original code back. True when the original runs again.</summary>
    public bool Release(LivePatch patch)
    {
        holders.Remove(patch);
        return holders.Count == 0 && Redirect.TryUndo();
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using Instr.Patching.Inlining;
using Instr.Patching.Interop;

namespace Instr.Patching.Engine;

/// <summary>
/// Asks the inlining analysis (src/Patching/Inlining) which already-compiled callers contain an inlined copy of
/// a patched method, and turns the answer into one note. Called after the method is watched, so the JIT hook's
/// canInline refusal already prevents new inlining. Never throws: a failed check says so in the note.
/// </summary>
internal sealed class InliningCheck
{
    private readonly Lazy<InlinedCallerAnalyzer> analyzer = new(() => new InlinedCallerAnalyzer(new CompileRegistryCodeLookup()));
    private readonly ConcurrentDictionary<MethodBase, (uint Compiles, string? Note)> recent = new();

    public string? NoteFor(MethodBase method)
    {
        try
        {
            // Inlined copies only appear with new compiles: while the registry has seen none since the last
            // check of this method, that answer still holds (patch/unpatch cycles would otherwise pay 15–50 ms each).
            var compiles = CompileCount();
            if (recent.TryGetValue(method, out var known) && known.Compiles == compiles)
            {
                return known.Note;
            }

            var note = analyzer.Value.Analyze(method).Note;
            recent[method] = (compiles, note);
            return note;
        }
        catch (Exception e)
        {
            return $"inlining into already-compiled callers not checked ({e.GetType().Name}: {e.Message})";
        }
    }

    private static unsafe uint CompileCount()
    {
        uint count;
        NativeHelper.Registry(&count);
        return count;
    }

    /// <summary>Runs the check off the caller's thread and adds the note to the live patch when done. Checks run one
    /// at a time on a single pool thread, so patching a pattern of thousands of methods does not flood the app.</summary>
    public void AddNoteLater(LivePatch patch)
    {
        pending.Enqueue(patch);
        if (Interlocked.CompareExchange(ref draining, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static check => check.Drain(), this, preferLocal: false);
        }
    }

    private readonly ConcurrentQueue<LivePatch> pending = new();
    private int draining;

    private void Drain()
    {
        while (true)
        {
            while (pending.TryDequeue(out var patch))
            {
                if (patch.IsActive && NoteFor(patch.Method) is { } note)
                {
                    patch.AddGap(note);
                }
            }

            Volatile.Write(ref draining, 0);
            if (pending.IsEmpty || Interlocked.CompareExchange(ref draining, 1, 0) != 0)
            {
                return;
            }
        }
    }
}

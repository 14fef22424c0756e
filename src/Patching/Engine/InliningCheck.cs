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

    /// <summary>Runs the check off the caller's thread and adds the note to the live patch when done.</summary>
    public void AddNoteLater(LivePatch patch)
    {
        ThreadPool.UnsafeQueueUserWorkItem(static state =>
        {
            var (check, live) = state;
            var note = check.NoteFor(live.Method);
            if (note is not null)
            {
                live.AddNote(note);
            }
        }, (this, patch), preferLocal: false);
    }
}

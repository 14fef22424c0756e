using System.Reflection;
using Instr.Patching.Inlining;

namespace Instr.Patching.Engine;

/// <summary>
/// Asks the inlining analysis (src/Patching/Inlining) which already-compiled callers contain an inlined copy of
/// a patched method, and turns the answer into one note. Called after the method is watched, so the JIT hook's
/// canInline refusal already prevents new inlining. Never throws: a failed check says so in the note.
/// </summary>
internal sealed class InliningCheck
{
    private readonly Lazy<InlinedCallerAnalyzer> analyzer = new(() => new InlinedCallerAnalyzer(new CompileRegistryCodeLookup()));

    public string? NoteFor(MethodBase method)
    {
        try
        {
            return analyzer.Value.Analyze(method).Note;
        }
        catch (Exception e)
        {
            return $"inlining into already-compiled callers not checked ({e.GetType().Name}: {e.Message})";
        }
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

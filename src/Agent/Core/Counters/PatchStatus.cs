using EnginePatch = Instr.Patching.PatchedMethod;

namespace Instr.Agent.Counters;

/// <summary>The one-word-ish status shown next to a count, so a user sees at a glance whether to trust it.</summary>
internal static class PatchStatus
{
    public static string Of(EnginePatch patch)
    {
        if (!patch.IsActive)
        {
            return "unpatched";
        }

        foreach (var note in patch.Notes)
        {
            if (note.Contains("inlined into", StringComparison.OrdinalIgnoreCase))
            {
                return "patched, inlined callers not counted";
            }
        }

        foreach (var note in patch.Notes)
        {
            if (note.Contains("shared generic code", StringComparison.OrdinalIgnoreCase))
            {
                return "patched, shared generic code";
            }
        }

        return "patched";
    }
}

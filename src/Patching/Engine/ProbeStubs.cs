using Instr.Patching.Detours;

namespace Instr.Patching.Engine;

/// <summary>Builds the stub a body's jump leads to, for the patch's probe: the one place that knows which stub a
/// probe kind needs (the counting stub; for a managed probe the same stub diverted to the probe's wrapper).</summary>
internal sealed class ProbeStubs
{
    /// <summary>A stub for the body at <paramref name="code"/> whose trampoline re-enters it after the relocated
    /// <paramref name="prefix"/>; 0 with the reason in <paramref name="problem"/> when none can be built.</summary>
    public nint Build(LivePatch patch, nint code, PrefixAnalysis prefix, out string? problem)
    {
        if (patch.Route is not { } route)
        {
            return CounterStub.Build(code, prefix, patch.Slot, out problem);
        }

        // Counted by the stub, then timed by the wrapper, which calls the trampoline this stub hands it: the call runs
        // the body it came through.
        return CounterStub.BuildDiverting(code, prefix, patch.Slot, route.Wrapper.Entry, out _, out problem);
    }
}

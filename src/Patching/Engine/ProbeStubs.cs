using Instr.Patching.Detours;

namespace Instr.Patching.Engine;

/// <summary>Builds the stub a body's jump leads to, for the patch's probe: the one place that knows which stub a
/// probe kind needs.</summary>
internal sealed class ProbeStubs
{
    /// <summary>A stub for the body at <paramref name="code"/> whose trampoline re-enters it after the relocated
    /// <paramref name="prefix"/>; 0 with the reason in <paramref name="problem"/> when none can be built.</summary>
    public nint Build(LivePatch patch, nint code, PrefixAnalysis prefix, out string? problem) =>
        CounterStub.Build(code, prefix, patch.Slot, out problem);
}

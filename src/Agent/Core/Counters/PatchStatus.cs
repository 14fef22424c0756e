using EnginePatchStatus = Instr.Patching.PatchStatus;
using WirePatchState = Instr.Protocol.V1.PatchState;

namespace Instr.Agent.Counters;

/// <summary>The engine's <see cref="EnginePatchStatus"/> as the wire carries it: the state field (what clients decide
/// on) and the legacy status word. The one place that maps it.</summary>
internal static class PatchStatus
{
    public const string Patched = "patched";
    public const string Partial = "patched, partial coverage";
    public const string Unpatched = "unpatched";

    public static (WirePatchState State, string Word) Of(EnginePatchStatus status) => status switch
    {
        EnginePatchStatus.Patched => (WirePatchState.Patched, Patched),
        EnginePatchStatus.PartiallyCovered => (WirePatchState.Partial, Partial),
        EnginePatchStatus.Unpatched => (WirePatchState.Unpatched, Unpatched),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown patch status"),
    };
}

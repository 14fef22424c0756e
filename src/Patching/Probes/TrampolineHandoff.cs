using System.ComponentModel;
using System.Runtime.CompilerServices;
using Instr.Patching.Interop;

namespace Instr.Patching.Probes;

/// <summary>
/// What a probe wrapper calls first: the trampoline its diverting stub left in the calling thread's counter block
/// (see <see cref="Detours.CounterStub"/>). Public only because the emitted wrappers live in a dynamic assembly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class TrampolineHandoff
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Take() => NativeHelper.TakeHandoff();
}

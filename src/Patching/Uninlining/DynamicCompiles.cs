using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;

namespace Instr.Patching.Uninlining;

/// <summary>
/// The DynamicMethods (LCG) compiled since the engine started that inlined anything, by method handle, held weakly.
/// An LCG method's handle (its MethodDesc) is freed when the DynamicMethod is collected and may then be reused, so the
/// engine never resolves a recorded LCG handle itself: the JIT hook reports each such compile while the method is
/// surely alive (it is being compiled), and later lookups go through these weak references.
/// </summary>
internal static class DynamicCompiles
{
    private static readonly ConcurrentDictionary<nint, (WeakReference<DynamicMethod> Method, nint Code)> Known = new();
    private static int added;

    /// <summary>The live DynamicMethod that was compiled to <paramref name="code"/> under this handle, or null.</summary>
    public static DynamicMethod? Find(nint handle, nint code) =>
        Known.TryGetValue(handle, out var entry) && entry.Code == code && entry.Method.TryGetTarget(out var method) ? method : null;

    /// <summary>Called by the JIT hook (inside compileMethod) for a DynamicMethod compile that inlined something.</summary>
    [UnmanagedCallersOnly]
    public static void OnDynamicCompile(nint handle, nint code)
    {
        var lastError = Marshal.GetLastPInvokeError();
        var lastSystemError = Marshal.GetLastSystemError();
        try
        {
            if (MethodBase.GetMethodFromHandle(RuntimeMethodHandle.FromIntPtr(handle)) is DynamicMethod method)
            {
                Known[handle] = (new WeakReference<DynamicMethod>(method), code);
                if (Interlocked.Increment(ref added) % 4096 == 0)
                {
                    Prune();
                }
            }
        }
        catch
        {
            // Never into the JIT: the method just stays unknown (its inliners would then not be re-routed).
        }
        finally
        {
            Marshal.SetLastSystemError(lastSystemError);
            Marshal.SetLastPInvokeError(lastError);
        }
    }

    private static void Prune()
    {
        foreach (var (handle, entry) in Known)
        {
            if (!entry.Method.TryGetTarget(out _))
            {
                Known.TryRemove(handle, out _);
            }
        }
    }
}

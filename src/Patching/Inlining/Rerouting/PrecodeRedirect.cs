using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Instr.Patching.Runtime.CoreClr;

namespace Instr.Patching.Inlining.Rerouting;

/// <summary>
/// Points a method's FixupPrecode at another method's entry: every call that goes through the method's
/// stable entry point (JIT code calls through the precode's cell; ReadyToRun import cells hold the precode)
/// then runs the other method. The data cell is on a writable page (engine-notes), so one atomic pointer
/// write is the whole change. Vtable slots hold bodies directly: virtual methods are not redirected.
/// </summary>
internal static unsafe class PrecodeRedirect
{

    /// <summary>Keeps every clone alive for the life of the process: code may be running in it at any time.</summary>
    private static readonly List<DynamicMethod> s_keptAlive = [];

    /// <summary>Redirects <paramref name="method"/> to <paramref name="clone"/>; returns null or why it was not done.</summary>
    public static string? Redirect(MethodInfo method, DynamicMethod clone)
    {
        if (method.IsVirtual)
        {
            return "virtual method: vtable slots bypass the precode";
        }

        nint entry = method.MethodHandle.GetFunctionPointer();
        if (!new ReadOnlySpan<byte>((void*)entry, FixupPrecode.Start.Length).SequenceEqual(FixupPrecode.Start))
        {
            return "entry point is not a FixupPrecode";
        }

        if (CloneEntry(clone) is not { } cloneEntry)
        {
            return "the clone's entry point is not reachable";
        }

        lock (s_keptAlive)
        {
            s_keptAlive.Add(clone);
        }

        Interlocked.Exchange(ref *(nint*)(entry + FixupPrecode.DataOffset), cloneEntry);
        return null;
    }

    /// <summary>The clone's entry point, compiled now (DynamicMethod exposes its handle only internally).</summary>
    private static nint? CloneEntry(DynamicMethod clone)
    {
        MethodInfo? descriptor = typeof(DynamicMethod).GetMethod("GetMethodDescriptor", BindingFlags.Instance | BindingFlags.NonPublic);
        if (descriptor?.Invoke(clone, null) is not RuntimeMethodHandle handle)
        {
            return null;
        }

        RuntimeHelpers.PrepareMethod(handle);
        nint entry = handle.GetFunctionPointer();
        return entry == 0 ? null : entry;
    }
}

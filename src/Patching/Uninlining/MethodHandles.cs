using System.Reflection;

namespace Instr.Patching.Uninlining;

/// <summary>
/// MethodBase for a runtime method handle (a MethodDesc the JIT reported), including methods of generic types —
/// which <see cref="MethodBase.GetMethodFromHandle(RuntimeMethodHandle)"/> refuses without their declaring type — and
/// DynamicMethods (the runtime hands back the DynamicMethod object itself).
/// </summary>
internal static class MethodHandles
{
    private static readonly Type? HandleInternalType = typeof(RuntimeMethodHandle).Assembly.GetType("System.RuntimeMethodHandleInternal");

    private static readonly MethodInfo? GetDeclaringType = HandleInternalType is null
        ? null
        : typeof(RuntimeMethodHandle).GetMethod("GetDeclaringType", BindingFlags.NonPublic | BindingFlags.Static, [HandleInternalType]);

    public static MethodBase? MethodOf(nint handle)
    {
        if (handle == 0)
        {
            return null;
        }

        var runtimeHandle = RuntimeMethodHandle.FromIntPtr(handle);
        try
        {
            return MethodBase.GetMethodFromHandle(runtimeHandle);
        }
        catch (ArgumentException)
        {
            // A method of a generic type: resolve it with its exact declaring type.
        }

        try
        {
            var internalHandle = Activator.CreateInstance(HandleInternalType!, BindingFlags.NonPublic | BindingFlags.Instance, null, [handle], null);
            return GetDeclaringType?.Invoke(null, [internalHandle]) is Type type ? MethodBase.GetMethodFromHandle(runtimeHandle, type.TypeHandle) : null;
        }
        catch (Exception e) when (e is ArgumentException or TargetInvocationException or MissingMethodException or NotSupportedException)
        {
            return null;
        }
    }
}

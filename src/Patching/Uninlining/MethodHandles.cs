using System.Reflection;

namespace Instr.Patching.Uninlining;

/// <summary>
/// MethodBase for a runtime method handle (a MethodDesc the JIT reported), including methods of generic types —
/// which <see cref="MethodBase.GetMethodFromHandle(RuntimeMethodHandle)"/> refuses without their declaring type — and
/// DynamicMethods (the runtime hands back the DynamicMethod object itself).
/// <para>A recorded handle can outlive its method: DynamicMethods are freed when collected, and so are the methods of
/// a collectible assembly when its load context unloads. Resolving a freed handle would crash the app, so
/// <see cref="MethodOf"/> refuses once a collectible assembly has been loaded, and DynamicMethods are only resolved
/// through <see cref="MethodOfLive"/> by code that knows the method is alive.</para>
/// </summary>
internal static class MethodHandles
{
    private static volatile bool collectibleSeen = WatchCollectible();
    private static readonly Type? HandleInternalType = typeof(RuntimeMethodHandle).Assembly.GetType("System.RuntimeMethodHandleInternal");

    private static readonly MethodInfo? GetDeclaringType = HandleInternalType is null
        ? null
        : typeof(RuntimeMethodHandle).GetMethod("GetDeclaringType", BindingFlags.NonPublic | BindingFlags.Static, [HandleInternalType]);

    /// <summary>The method of a recorded handle of an ordinary method, or null when that cannot be done safely.</summary>
    public static MethodBase? MethodOf(nint handle) => collectibleSeen ? null : MethodOfLive(handle);

    /// <summary>The method of a handle known to belong to a live method right now.</summary>
    public static MethodBase? MethodOfLive(nint handle)
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

    /// <summary>The entry point callers use for a recorded handle of an ordinary method (its precode), or 0 when that
    /// cannot be asked safely (the handle may belong to a collectible assembly) or the runtime refuses.</summary>
    public static nint EntryPointOf(nint handle)
    {
        if (handle == 0 || collectibleSeen)
        {
            return 0;
        }

        try
        {
            return RuntimeMethodHandle.FromIntPtr(handle).GetFunctionPointer();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return 0;
        }
    }

    private static bool WatchCollectible()
    {
        AppDomain.CurrentDomain.AssemblyLoad += static (_, loaded) =>
        {
            if (loaded.LoadedAssembly.IsCollectible)
            {
                collectibleSeen = true;
            }
        };
        return AppDomain.CurrentDomain.GetAssemblies().Any(a => a.IsCollectible);
    }
}

using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Instr.Patching.Engine;

/// <summary>Methods the engine refuses, each with a reason a user can act on.</summary>
internal static class PatchRules
{
    private const string IntrinsicAttribute = "System.Runtime.CompilerServices.IntrinsicAttribute";

    public static string? RefusalFor(MethodBase method)
    {
        if (method is DynamicMethod || method.GetType().Name.Contains("RTDynamicMethod", StringComparison.Ordinal))
        {
            return "dynamic method: it has no metadata identity the engine can watch";
        }

        if (method.IsAbstract)
        {
            return "abstract method: no body to patch (patch an implementation instead)";
        }

        var implementation = method.MethodImplementationFlags;
        if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0)
        {
            return "extern method (P/Invoke): its body is native code, not managed code";
        }

        if ((implementation & MethodImplAttributes.InternalCall) != 0 || (implementation & MethodImplAttributes.Runtime) != 0)
        {
            return "internal call: implemented inside the runtime, not as managed code";
        }

        if (IsIntrinsic(method))
        {
            return "JIT intrinsic: the JIT may expand it at call sites, where calls cannot be counted";
        }

        if (IsOwnCode(method))
        {
            return "instr's own code: the engine does not patch itself or its agent";
        }

        return null;
    }

    private static readonly ConditionalWeakTable<Assembly, StrongBox<bool>> OwnAssemblies = [];

    private static bool IsIntrinsic(MethodBase method)
    {
        // The runtime honours [Intrinsic] on CoreLib's methods only (the attribute is CoreLib's own, internal): an
        // app's 10,000 methods need no attribute reads.
        if (method.Module.Assembly != typeof(object).Assembly)
        {
            return false;
        }

        if (HasIntrinsic(method.CustomAttributes))
        {
            return true;
        }

        // Hardware-intrinsic and Vector types mark the type, and every method on it is expanded by the JIT.
        return method.DeclaringType is { } type && HasIntrinsic(type.CustomAttributes)
               && type.Namespace is { } ns && (ns.StartsWith("System.Runtime.Intrinsics", StringComparison.Ordinal) || ns == "System.Numerics");
    }

    private static bool HasIntrinsic(IEnumerable<CustomAttributeData> attributes) =>
        attributes.Any(a => a.AttributeType.FullName == IntrinsicAttribute);

    /// <summary>Asked once per assembly (a pattern may match 10,000 methods of one assembly).</summary>
    private static bool IsOwnCode(MethodBase method) =>
        OwnAssemblies.GetValue(method.Module.Assembly, static assembly => new StrongBox<bool>(IsOwnAssembly(assembly))).Value;

    private static bool IsOwnAssembly(Assembly assembly)
    {
        var name = assembly.GetName().Name ?? "";
        if (name.StartsWith("Instr.", StringComparison.Ordinal) || name == "instr")
        {
            return true;
        }

        // The agent runs in a private load context together with the engine: everything in it is ours.
        var context = AssemblyLoadContext.GetLoadContext(assembly);
        return context is not null && context != AssemblyLoadContext.Default
               && context.Assemblies.Any(a => a.GetName().Name == "Instr.Patching");
    }
}

using System.Reflection;
using Instr.Patching.Runtime.CoreClr;

namespace Instr.Patching.Engine;

/// <summary>
/// How to find every body of a requested method: the MethodDescs whose compiles to watch, a (module, token)
/// watch for generic definitions (every instantiation, present and future), and the entry points to walk.
/// </summary>
internal sealed class PatchTarget
{
    private PatchTarget(string key, nint scope, int token, bool wholeDefinition)
    {
        Key = key;
        Scope = scope;
        Token = token;
        WholeDefinition = wholeDefinition;
    }

    /// <summary>Identifies the patch (one live patch and one counter per key).</summary>
    public string Key { get; }

    public nint Scope { get; }

    public int Token { get; }

    /// <summary>True for a generic definition: every instantiation's body is patched.</summary>
    public bool WholeDefinition { get; }

    /// <summary>
    /// True when every compile of the definition (module, token) is a body of this patch: a generic definition, or a
    /// method with no generic arguments anywhere. Such a method can have several MethodDescs whose compiles must all be
    /// patched (a struct method's unboxing entry and its real method; ReJIT versions), and the token names them all.
    /// </summary>
    public bool BodiesByToken { get; private init; }

    public List<nint> Handles { get; } = [];

    public List<nint> EntryPoints { get; } = [];

    public List<string> Notes { get; } = [];

    public static PatchTarget Resolve(MethodBase method)
    {
        var scope = ModuleData.Of(method.Module);
        var token = method.MetadataToken;
        if (IsGenericDefinition(method))
        {
            var definition = new PatchTarget($"def:{scope:x}:{token:x}", scope, token, wholeDefinition: true) { BodiesByToken = true };
            definition.Notes.Add("every instantiation is counted together; reference-type instantiations share one body");
            return definition;
        }

        var handle = method.MethodHandle.Value;
        var target = new PatchTarget($"md:{handle:x}", scope, token, wholeDefinition: false) { BodiesByToken = !HasGenericArguments(method) };
        target.Handles.Add(handle);
        var entry = method.MethodHandle.GetFunctionPointer();
        target.EntryPoints.Add(entry);
        var chain = EntryChain.Walk(entry);
        if (chain.PrecodeMethodDesc != 0 && chain.PrecodeMethodDesc != handle)
        {
            // The entry point leads to another MethodDesc's code: the canonical (__Canon) method of shared generic
            // code, or the real method behind a struct method's unboxing entry. Watch its compiles too.
            target.Handles.Add(chain.PrecodeMethodDesc);
        }

        if (UsesSharedCode(method))
        {
            target.Notes.Add("shared generic code: every reference-type instantiation of this method runs the same body, so they are counted together");
        }

        return target;
    }

    private static bool UsesSharedCode(MethodBase method)
    {
        var arguments = new List<Type>();
        if (method.DeclaringType is { IsConstructedGenericType: true } type)
        {
            arguments.AddRange(type.GenericTypeArguments);
        }

        if (method is MethodInfo { IsConstructedGenericMethod: true } info)
        {
            arguments.AddRange(info.GetGenericArguments());
        }

        return arguments.Any(a => !a.IsValueType);
    }

    private static bool HasGenericArguments(MethodBase method) =>
        method.IsGenericMethod || method.DeclaringType is { IsGenericType: true } || method.DeclaringType?.DeclaringType is { IsGenericType: true };

    public static bool IsGenericDefinition(MethodBase method) =>
        method.ContainsGenericParameters || method.DeclaringType is { ContainsGenericParameters: true };
}

using System.Collections;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Instr.Patching.Uninlining;

/// <summary>
/// A fresh compile of a DynamicMethod (LCG: expression trees, System.Text.Json accessors, ASP.NET Core's request
/// delegates and action invokers): a new DynamicMethod with the same signature, the same IL, the same locals and
/// exception clauses, and a copy of the original's token table — so every token in the IL means what it meant, with no
/// rewriting. Compiled while the engine refuses to inline a patched method, the copy calls that method instead of
/// containing it. The runtime keeps an LCG method's IL and tokens in its resolver (reached by reflection: these
/// members are internal and are checked here, so a runtime that changed them is refused, never guessed).
/// </summary>
internal static class DynamicMethodClone
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly Type? ResolverType = typeof(DynamicMethod).Assembly.GetType("System.Reflection.Emit.DynamicResolver");
    private static readonly Type? ScopeType = typeof(DynamicMethod).Assembly.GetType("System.Reflection.Emit.DynamicScope");
    private static readonly FieldInfo? ResolverField = typeof(DynamicMethod).GetField("_resolver", Instance);
    private static readonly FieldInfo? TypeOwnerField = typeof(DynamicMethod).GetField("_typeOwner", Instance);
    private static readonly FieldInfo? SkipVisibilityField = typeof(DynamicMethod).GetField("_skipVisibility", Instance);
    private static readonly FieldInfo? RestrictedSkipVisibilityField = typeof(DynamicMethod).GetField("_restrictedSkipVisibility", Instance);
    private static readonly FieldInfo? ResolverScopeField = ResolverType?.GetField("m_scope", Instance);
    private static readonly FieldInfo? ScopeTokensField = ScopeType?.GetField("m_tokens", Instance);
    private static readonly FieldInfo? InfoScopeField = typeof(DynamicILInfo).GetField("m_scope", Instance);
    private static readonly FieldInfo? InfoSignatureField = typeof(DynamicILInfo).GetField("m_methodSignature", Instance);
    private static readonly MethodInfo? GetCodeInfo = ResolverType?.GetMethod("GetCodeInfo", Instance);
    private static readonly MethodInfo? GetLocalsSignature = ResolverType?.GetMethod("GetLocalsSignature", Instance);
    private static readonly MethodInfo? GetRawEHInfo = ResolverType?.GetMethod("GetRawEHInfo", Instance);
    private static readonly MethodInfo? GetEHInfo = ResolverType?.GetMethod("GetEHInfo", Instance);
    private static readonly MethodInfo? GetMethodDescriptor = typeof(DynamicMethod).GetMethod("GetMethodDescriptor", Instance);

    /// <summary>Why cloning cannot work on this runtime, or null.</summary>
    public static string? Unsupported { get; } =
        ResolverField is null || TypeOwnerField is null || SkipVisibilityField is null || RestrictedSkipVisibilityField is null
        || ResolverScopeField is null || ScopeTokensField is null || InfoScopeField is null || InfoSignatureField is null
        || GetCodeInfo is null || GetLocalsSignature is null || GetRawEHInfo is null || GetEHInfo is null || GetMethodDescriptor is null
            ? "this runtime's DynamicMethod internals are not the ones the engine knows"
            : null;

    /// <summary>The compiled clone and its code address, or null with the reason.</summary>
    public static (DynamicMethod Clone, nint Code)? TryCompile(DynamicMethod original, out string? problem)
    {
        problem = Unsupported;
        if (problem is not null)
        {
            return null;
        }

        try
        {
            var resolver = ResolverField!.GetValue(original);
            if (resolver is null)
            {
                problem = "the dynamic method has no IL any more";
                return null;
            }

            var clone = CreateLike(original);
            CopyBody(resolver, clone);
            var handle = (RuntimeMethodHandle)GetMethodDescriptor!.Invoke(clone, null)!;
            RuntimeHelpers.PrepareMethod(handle);
            var code = handle.GetFunctionPointer();
            if (code == 0)
            {
                problem = "the clone did not compile";
                return null;
            }

            return (clone, code);
        }
        catch (Exception e) when (e is TargetInvocationException or InvalidOperationException or ArgumentException or NotSupportedException
                                      or InvalidProgramException or BadImageFormatException or MemberAccessException)
        {
            problem = $"the dynamic method could not be cloned ({(e.InnerException ?? e).GetType().Name}: {(e.InnerException ?? e).Message})";
            return null;
        }
    }

    /// <summary>A DynamicMethod hosted like the original (same owner type or anonymous host, same visibility rights),
    /// and named like it, so stack traces through the copy read exactly as before.</summary>
    private static DynamicMethod CreateLike(DynamicMethod original)
    {
        var name = original.Name;
        var parameters = original.GetParameters().Select(p => p.ParameterType).ToArray();
        var owner = (Type?)TypeOwnerField!.GetValue(original);
        var skipVisibility = (bool)SkipVisibilityField!.GetValue(original)!;
        var restricted = (bool)RestrictedSkipVisibilityField!.GetValue(original)!;
        if (owner is not null)
        {
            return new DynamicMethod(name, MethodAttributes.Public | MethodAttributes.Static, CallingConventions.Standard, original.ReturnType,
                parameters, owner, skipVisibility);
        }

        if (original.Module.Assembly.IsDynamic && original.Module.ScopeName == "RefEmit_InMemoryManifestModule")
        {
            // Anonymously hosted (what expression trees use).
            return new DynamicMethod(name, original.ReturnType, parameters, restricted);
        }

        return new DynamicMethod(name, MethodAttributes.Public | MethodAttributes.Static, CallingConventions.Standard, original.ReturnType,
            parameters, original.Module, skipVisibility);
    }

    private static unsafe void CopyBody(object resolver, DynamicMethod clone)
    {
        object?[] codeArguments = [0, 0, 0];
        var il = (byte[])GetCodeInfo!.Invoke(resolver, codeArguments)!;
        var maxStack = (int)codeArguments[0]!;
        var initLocals = (int)codeArguments[1]! != 0;
        var clauses = (int)codeArguments[2]!;
        var locals = (byte[]?)GetLocalsSignature!.Invoke(resolver, null);

        var info = clone.GetDynamicILInfo();
        clone.InitLocals = initLocals;
        CopyTokens(resolver, info);
        info.SetCode(il, maxStack);
        if (locals is not null)
        {
            info.SetLocalSignature(locals);
        }

        if (clauses > 0)
        {
            info.SetExceptions((byte[]?)GetRawEHInfo!.Invoke(resolver, null) ?? ExceptionSection(resolver, clauses));
        }
    }

    /// <summary>
    /// Makes the clone's token table a copy of the original's (tokens in the IL are indexes into it), then adds the
    /// clone's own method signature at the end, where the clone's DynamicILInfo will look for it.
    /// </summary>
    private static void CopyTokens(object resolver, DynamicILInfo info)
    {
        var originalTokens = (IList)ScopeTokensField!.GetValue(ResolverScopeField!.GetValue(resolver))!;
        var cloneTokens = (IList)ScopeTokensField.GetValue(InfoScopeField!.GetValue(info))!;
        var signatureToken = (int)InfoSignatureField!.GetValue(info)!;
        var signature = cloneTokens[signatureToken & 0x00FFFFFF];
        cloneTokens.Clear();
        foreach (var token in originalTokens)
        {
            cloneTokens.Add(token);
        }

        cloneTokens.Add(signature);
        InfoSignatureField.SetValue(info, (signatureToken & unchecked((int)0xFF000000)) | (cloneTokens.Count - 1));
    }

    /// <summary>The fat exception-handling section (ECMA-335 II.25.4.6) from the resolver's clauses, which an
    /// ILGenerator-built method keeps as objects rather than bytes. The runtime's CORINFO_EH_CLAUSE has the layout of
    /// a fat clause (flags, try offset/length, handler offset/length, class token or filter offset).</summary>
    private static unsafe byte[] ExceptionSection(object resolver, int clauses)
    {
        const int ClauseSize = 24;
        var section = new byte[4 + (clauses * ClauseSize)];
        section[0] = 0x41; // fat exception section
        var size = section.Length;
        section[1] = (byte)size;
        section[2] = (byte)(size >> 8);
        section[3] = (byte)(size >> 16);
        fixed (byte* start = section)
        {
            for (var i = 0; i < clauses; i++)
            {
                GetEHInfo!.Invoke(resolver, [i, Pointer.Box(start + 4 + (i * ClauseSize), typeof(void*))]);
            }
        }

        return section;
    }
}

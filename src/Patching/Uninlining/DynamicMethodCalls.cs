using System.Collections;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;


namespace Instr.Patching.Uninlining;

/// <summary>
/// Which methods a DynamicMethod's IL calls (call, callvirt, newobj, ldftn, ldvirtftn, jmp), read from its resolver's
/// IL and token table. For DynamicMethods compiled before the engine started, the JIT's inline reports are missing;
/// any of them whose IL calls a patched method may hold an inlined copy, so all of those are re-routed (a fresh compile
/// of one that did not inline it changes nothing but its address).
/// </summary>
internal static class DynamicMethodCalls
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;
    private static readonly Type? ResolverType = typeof(DynamicMethod).Assembly.GetType("System.Reflection.Emit.DynamicResolver");
    private static readonly FieldInfo? ResolverField = typeof(DynamicMethod).GetField("_resolver", Instance);
    private static readonly FieldInfo? ScopeField = ResolverType?.GetField("m_scope", Instance);
    private static readonly FieldInfo? TokensField = typeof(DynamicMethod).Assembly.GetType("System.Reflection.Emit.DynamicScope")?.GetField("m_tokens", Instance);
    private static readonly MethodInfo? GetCodeInfo = ResolverType?.GetMethod("GetCodeInfo", Instance);

    /// <summary>Per DynamicMethod, the (module, token) of every method its IL calls: read once (patching thousands of
    /// methods asks about the same DynamicMethods again and again).</summary>
    private static readonly ConditionalWeakTable<DynamicMethod, HashSet<(Module, int)>> Called = new();

    /// <summary>True when the method's IL calls a method with this (module, token) — any instantiation of it.</summary>
    public static bool Calls(DynamicMethod method, Module module, int token) =>
        Called.GetValue(method, Read).Contains((module, token));

    private static HashSet<(Module, int)> Read(DynamicMethod method)
    {
        var called = new HashSet<(Module, int)>();
        try
        {
            var resolver = ResolverField?.GetValue(method);
            if (resolver is null || ScopeField?.GetValue(resolver) is not { } scope || TokensField?.GetValue(scope) is not IList tokens)
            {
                return called;
            }

            object?[] arguments = [0, 0, 0];
            if (GetCodeInfo?.Invoke(resolver, arguments) is not byte[] il)
            {
                return called;
            }

            foreach (var token in MethodTokens(il))
            {
                if (Target(tokens, token & 0x00FFFFFF) is { } target)
                {
                    called.Add((target.Module, target.MetadataToken));
                }
            }
        }
        catch (Exception e) when (e is TargetInvocationException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            // An unreadable body calls nothing we can name.
        }

        return called;
    }

    private static MethodBase? Target(IList tokens, int index)
    {
        if (index <= 0 || index >= tokens.Count)
        {
            return null;
        }

        var handle = tokens[index] switch
        {
            RuntimeMethodHandle direct => direct.Value,
            DynamicMethod => 0, // another DynamicMethod: never a patched method
            { } other => (other.GetType().GetField("m_methodHandle", Instance)?.GetValue(other) as RuntimeMethodHandle?)?.Value ?? 0,
            _ => 0,
        };
        return handle == 0 ? null : MethodHandles.MethodOf(handle);
    }

    private static IEnumerable<int> MethodTokens(byte[] il)
    {
        var offset = 0;
        while (offset < il.Length)
        {
            var opCode = il[offset] == 0xFE && offset + 1 < il.Length ? IlOpCodes.TwoByte(il[offset + 1]) : IlOpCodes.OneByte(il[offset]);
            var operand = offset + opCode.Size;
            if (opCode.OperandType == OperandType.InlineMethod && operand + 4 <= il.Length)
            {
                yield return BitConverter.ToInt32(il, operand);
            }

            offset = operand + opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (operand + 4 <= il.Length ? BitConverter.ToInt32(il, operand) * 4 : 0),
                _ => 4,
            };
        }
    }
}

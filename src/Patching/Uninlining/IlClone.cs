using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Instr.Patching.Uninlining;

/// <summary>
/// Builds a <see cref="DynamicMethod"/> with the same IL as a caller, every token remapped through
/// <see cref="DynamicILInfo"/>. Compiled after the callee is watched (the engine refuses to inline it), the
/// clone calls the patched callee instead of containing a copy of it. Restricted to what is certain to keep
/// the caller's calling convention: static methods and instance methods of classes, not generic, no varargs,
/// no <c>calli</c>; anything else is refused with a reason.
/// </summary>
internal static class IlClone
{
    /// <summary>Builds and compiles the clone of an ordinary method; its code address, or null with the reason.</summary>
    public static (DynamicMethod Clone, nint Code)? TryCompile(MethodBase caller, out string? refusal)
    {
        if (caller is not MethodInfo method)
        {
            refusal = "constructor: cloning is not supported";
            return null;
        }

        try
        {
            if (TryBuild(method, out refusal) is not { } clone)
            {
                return null;
            }

            var descriptor = typeof(DynamicMethod).GetMethod("GetMethodDescriptor", BindingFlags.Instance | BindingFlags.NonPublic);
            if (descriptor?.Invoke(clone, null) is not RuntimeMethodHandle handle)
            {
                refusal = "the clone's code is not reachable";
                return null;
            }

            RuntimeHelpers.PrepareMethod(handle);
            var code = handle.GetFunctionPointer();
            if (code == 0)
            {
                refusal = "the clone did not compile";
                return null;
            }

            return (clone, code);
        }
        catch (Exception e) when (e is TargetInvocationException or InvalidOperationException or ArgumentException or NotSupportedException
                                      or InvalidProgramException or BadImageFormatException or MemberAccessException)
        {
            refusal = $"clone failed: {(e.InnerException ?? e).GetType().Name}: {(e.InnerException ?? e).Message}";
            return null;
        }
    }

    public static DynamicMethod? TryBuild(MethodInfo caller, out string? refusal)
    {
        refusal = Refusal(caller);
        if (refusal is not null)
        {
            return null;
        }

        MethodBody body = caller.GetMethodBody()!;
        byte[] il = body.GetILAsByteArray()!;
        Type declaring = caller.DeclaringType!;
        List<Type> parameters = [.. caller.GetParameters().Select(parameter => parameter.ParameterType)];
        if (!caller.IsStatic)
        {
            parameters.Insert(0, declaring);
        }

        var clone = new DynamicMethod(caller.Name, MethodAttributes.Public | MethodAttributes.Static,
            CallingConventions.Standard, caller.ReturnType, [.. parameters], declaring, skipVisibility: true)
        {
            InitLocals = body.InitLocals,
        };
        DynamicILInfo info = clone.GetDynamicILInfo();
        if (!TryRemapTokens(caller, il, info, out refusal))
        {
            return null;
        }

        info.SetCode(il, body.MaxStackSize);
        SignatureHelper locals = SignatureHelper.GetLocalVarSigHelper();
        foreach (LocalVariableInfo local in body.LocalVariables)
        {
            locals.AddArgument(local.LocalType, local.IsPinned);
        }

        info.SetLocalSignature(locals.GetSignature());
        if (body.ExceptionHandlingClauses.Count > 0)
        {
            info.SetExceptions(ExceptionSection(body.ExceptionHandlingClauses, info));
        }

        return clone;
    }

    private static string? Refusal(MethodInfo caller)
    {
        if (caller.DeclaringType is not { } declaring)
        {
            return "global method";
        }

        if (caller.IsGenericMethod || declaring.ContainsGenericParameters || declaring.IsGenericType)
        {
            return "generic caller: cloning is not supported";
        }

        if (!caller.IsStatic && declaring.IsValueType)
        {
            return "struct instance method: cloning is not supported";
        }

        // A static method receives a hidden return buffer before the first argument, an instance method after
        // `this` (engine-notes: swapping them corrupts the heap), so a clone as a static method must not have one.
        if (!caller.IsStatic && caller.ReturnType.IsValueType && !caller.ReturnType.IsPrimitive && !caller.ReturnType.IsEnum)
        {
            return "instance method returning a struct: cloning is not supported";
        }

        if (caller.CallingConvention.HasFlag(CallingConventions.VarArgs))
        {
            return "varargs method";
        }

        if (caller.GetMethodBody() is not { } body || body.GetILAsByteArray() is null)
        {
            return "no IL body";
        }

        return null;
    }

    /// <summary>Rewrites, in place, every metadata token of the IL into a token of the dynamic method's scope.</summary>
    private static bool TryRemapTokens(MethodInfo caller, byte[] il, DynamicILInfo info, out string? refusal)
    {
        refusal = null;
        Module module = caller.Module;
        int offset = 0;
        while (offset < il.Length)
        {
            OpCode opCode = OpCodeAt(il, offset, out int opCodeSize);
            int operand = offset + opCodeSize;
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod:
                    MethodBase method = module.ResolveMethod(BitConverter.ToInt32(il, operand))!;
                    Write(il, operand, method.DeclaringType is { IsGenericType: true } owner
                        ? info.GetTokenFor(method.MethodHandle, owner.TypeHandle)
                        : info.GetTokenFor(method.MethodHandle));
                    break;
                case OperandType.InlineField:
                    FieldInfo field = module.ResolveField(BitConverter.ToInt32(il, operand))!;
                    Write(il, operand, field.DeclaringType is { IsGenericType: true } fieldOwner
                        ? info.GetTokenFor(field.FieldHandle, fieldOwner.TypeHandle)
                        : info.GetTokenFor(field.FieldHandle));
                    break;
                case OperandType.InlineType:
                    Write(il, operand, info.GetTokenFor(module.ResolveType(BitConverter.ToInt32(il, operand)).TypeHandle));
                    break;
                case OperandType.InlineString:
                    Write(il, operand, info.GetTokenFor(module.ResolveString(BitConverter.ToInt32(il, operand))));
                    break;
                case OperandType.InlineTok:
                    Write(il, operand, module.ResolveMember(BitConverter.ToInt32(il, operand)) switch
                    {
                        Type type => info.GetTokenFor(type.TypeHandle),
                        FieldInfo tokenField => info.GetTokenFor(tokenField.FieldHandle),
                        MethodBase tokenMethod => info.GetTokenFor(tokenMethod.MethodHandle),
                        _ => 0,
                    });
                    break;
                case OperandType.InlineSig:
                    refusal = "calli: cloning is not supported";
                    return false;
            }

            offset = operand + OperandSize(opCode, il, operand);
        }

        return true;
    }

    private static OpCode OpCodeAt(byte[] il, int offset, out int size)
    {
        if (il[offset] == 0xFE)
        {
            size = 2;
            return IlOpCodes.TwoByte(il[offset + 1]);
        }

        size = 1;
        return IlOpCodes.OneByte(il[offset]);
    }

    private static int OperandSize(OpCode opCode, byte[] il, int operand) => opCode.OperandType switch
    {
        OperandType.InlineSwitch => 4 + (BitConverter.ToInt32(il, operand) * 4),
        _ => SizeOf(opCode.OperandType),
    };

    private static int SizeOf(OperandType operandType) => operandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private static void Write(byte[] il, int offset, int token) => BitConverter.TryWriteBytes(il.AsSpan(offset, 4), token);

    /// <summary>The fat exception-handling section (ECMA-335 II.25.4.5) with catch types remapped.</summary>
    private static byte[] ExceptionSection(IList<ExceptionHandlingClause> clauses, DynamicILInfo info)
    {
        const int ClauseSize = 24;
        const byte FatExceptionTable = 0x41;
        byte[] section = new byte[4 + (clauses.Count * ClauseSize)];
        int dataSize = section.Length;
        section[0] = FatExceptionTable;
        section[1] = (byte)dataSize;
        section[2] = (byte)(dataSize >> 8);
        section[3] = (byte)(dataSize >> 16);
        for (int i = 0; i < clauses.Count; i++)
        {
            ExceptionHandlingClause clause = clauses[i];
            int at = 4 + (i * ClauseSize);
            Write(section, at, (int)clause.Flags);
            Write(section, at + 4, clause.TryOffset);
            Write(section, at + 8, clause.TryLength);
            Write(section, at + 12, clause.HandlerOffset);
            Write(section, at + 16, clause.HandlerLength);
            int last = clause.Flags switch
            {
                ExceptionHandlingClauseOptions.Clause => info.GetTokenFor(clause.CatchType!.TypeHandle),
                ExceptionHandlingClauseOptions.Filter => clause.FilterOffset,
                _ => 0,
            };
            Write(section, at + 20, last);
        }

        return section;
    }
}

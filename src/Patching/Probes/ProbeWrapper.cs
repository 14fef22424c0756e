using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Instr.Patching.Platforms.X64;

namespace Instr.Patching.Probes;

/// <summary>
/// The managed route of a probe: a static method emitted per patched method, with the method's real argument list
/// (<see cref="CallShape"/>), that the counting stub jumps to after its increment. It calls the probe's entry hook,
/// then the body through <c>calli</c> to the trampoline (the body's relocated first instructions, then a jump into
/// it), then the exit hook; a fault clause calls the exception hook while an exception passes (never caught, never
/// rethrown). The trampoline address is read from a cell at each call, so any of the method's bodies (Tier0, Tier1)
/// may serve: they are the same method.
/// The wrapper lives in a dynamic assembly and is marked [StackTraceHidden]: exception and diagnostic stack traces
/// read exactly as without the probe. It is compiled fully optimized before the first jump points at it.
/// </summary>
internal sealed unsafe class ProbeWrapper
{
    private static readonly object EmitLock = new();
    private static ModuleBuilder? module;
    private static int emitted;
    private readonly List<(nint Body, nint Trampoline)> pending = [];

    private ProbeWrapper(nint entry, nint* cell)
    {
        Entry = entry;
        Cell = cell;
    }

    /// <summary>Where the stub jumps (the wrapper's entry point).</summary>
    public nint Entry { get; }

    /// <summary>The trampoline the wrapper calls (never freed: a call may be reading it).</summary>
    public nint* Cell { get; }

    /// <summary>A body's trampoline: used at once when the body is published (and always for the first one, so the
    /// cell is set before any stub can divert here: the first body is detoured before anything jumps to its stub);
    /// otherwise once <see cref="Refresh"/> sees the body in place.</summary>
    public void AddTrampoline(nint body, nint trampoline, bool published)
    {
        lock (pending)
        {
            if (published || *Cell == 0)
            {
                Volatile.Write(ref *Cell, trampoline);
                pending.Clear();
            }
            else
            {
                pending.Add((body, trampoline));
            }
        }
    }

    /// <summary>Switches to the newest pending trampoline whose body has been published (its first byte is the jump
    /// the engine wrote into the JIT's copy), so calls run tier-up code rather than the body first timed.</summary>
    public void Refresh()
    {
        lock (pending)
        {
            for (var i = pending.Count - 1; i >= 0; i--)
            {
                if (X64Jumps.StartsWithRelativeJump(pending[i].Body))
                {
                    Volatile.Write(ref *Cell, pending[i].Trampoline);
                    pending.RemoveRange(0, i + 1);
                    return;
                }
            }
        }
    }

    public static ProbeWrapper? Build(MethodBase method, Type probe, int slot, out string? refusal)
    {
        var shape = CallShape.Of(method, out refusal);
        if (shape is null)
        {
            return null;
        }

        var cell = (nint*)NativeMemory.AllocZeroed((nuint)sizeof(nint));
        MethodInfo wrapper;
        lock (EmitLock)
        {
            module ??= AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Instr.Probes.Wrappers"), AssemblyBuilderAccess.Run)
                .DefineDynamicModule("Instr.Probes.Wrappers");
            var type = module.DefineType($"Wrapper{++emitted}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract);
            type.SetCustomAttribute(StackTraceHidden());
            var builder = type.DefineMethod("Call", MethodAttributes.Public | MethodAttributes.Static, shape.Return, shape.Parameters);
            builder.SetImplementationFlags(MethodImplAttributes.AggressiveOptimization | MethodImplAttributes.NoInlining);
            builder.SetCustomAttribute(StackTraceHidden());
            Emit(builder.GetILGenerator(), shape, probe, slot, cell);
            wrapper = type.CreateType().GetMethod("Call")!;
        }

        RuntimeHelpers.PrepareMethod(wrapper.MethodHandle);
        return new ProbeWrapper(wrapper.MethodHandle.GetFunctionPointer(), cell);
    }

    private static CustomAttributeBuilder StackTraceHidden() =>
        new(typeof(StackTraceHiddenAttribute).GetConstructor(Type.EmptyTypes)!, []);

    private static void Emit(ILGenerator il, CallShape shape, Type probe, int slot, nint* cell)
    {
        var entry = il.DeclareLocal(typeof(long));
        var result = shape.Return == typeof(void) ? null : il.DeclareLocal(shape.Return);
        il.Emit(OpCodes.Ldc_I4, slot);
        il.Emit(OpCodes.Call, Hook(probe, nameof(IManagedProbe.OnEntry)));
        il.Emit(OpCodes.Stloc, entry);

        il.BeginExceptionBlock();
        for (var i = 0; i < shape.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldarg, (short)i);
        }

        il.Emit(OpCodes.Ldc_I8, (long)cell);
        il.Emit(OpCodes.Conv_I);
        il.Emit(OpCodes.Volatile);
        il.Emit(OpCodes.Ldind_I);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, shape.Return, shape.Parameters, null);
        if (result is not null)
        {
            il.Emit(OpCodes.Stloc, result);
        }

        il.BeginFaultBlock();
        il.Emit(OpCodes.Ldc_I4, slot);
        il.Emit(OpCodes.Ldloc, entry);
        il.Emit(OpCodes.Call, Hook(probe, nameof(IManagedProbe.OnException)));
        il.EndExceptionBlock();

        il.Emit(OpCodes.Ldc_I4, slot);
        il.Emit(OpCodes.Ldloc, entry);
        if (shape.ReturnsTask && result is not null)
        {
            il.Emit(OpCodes.Ldloc, result);
            il.Emit(OpCodes.Call, Hook(probe, nameof(IManagedProbe.OnTaskReturned)));
        }
        else if ((shape.ReturnsValueTask || shape.ReturnsGenericValueTask) && result is not null)
        {
            il.Emit(OpCodes.Ldloc, result);
            il.Emit(OpCodes.Call, ValueTaskHook(probe, shape.DeclaredReturn!));
        }
        else
        {
            il.Emit(OpCodes.Call, Hook(probe, nameof(IManagedProbe.OnExit)));
        }

        if (result is not null)
        {
            il.Emit(OpCodes.Ldloc, result);
        }

        il.Emit(OpCodes.Ret);
    }

    private static MethodInfo Hook(Type probe, string name) =>
        probe.GetMethods(BindingFlags.Public | BindingFlags.Static).Single(m => m.Name == name && !m.IsGenericMethodDefinition);

    private static MethodInfo ValueTaskHook(Type probe, Type valueTask)
    {
        var hooks = probe.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == nameof(IManagedProbe.OnValueTaskReturned));
        return valueTask.IsGenericType
            ? hooks.Single(m => m.IsGenericMethodDefinition).MakeGenericMethod(valueTask.GetGenericArguments())
            : hooks.Single(m => !m.IsGenericMethodDefinition);
    }
}

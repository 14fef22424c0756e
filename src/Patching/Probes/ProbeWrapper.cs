using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Instr.Patching.Detours;

namespace Instr.Patching.Probes;

/// <summary>
/// The managed route of a probe: a static method emitted per patched method, with the method's real argument list
/// (<see cref="CallShape"/>), that the counting stub jumps to after its increment. It first takes the trampoline the
/// stub handed over (the relocated first instructions of the body the call came through, then a jump into it: see
/// <see cref="CounterStub"/>), calls the probe's entry hook, then that trampoline through <c>calli</c>, then the exit
/// hook; a fault clause calls the exception hook while an exception passes (never caught, never rethrown). Each
/// hook call is guarded: an exception from probe code is recorded (<see cref="ProbeFaults"/>), never seen by the app. So a call
/// runs exactly the body the runtime dispatched it to (Tier0, Tier1, a ReJIT without inlining), as without the probe.
/// The wrapper lives in a dynamic assembly and is marked [StackTraceHidden]: exception and diagnostic stack traces
/// read exactly as without the probe. It is compiled fully optimized before the first jump points at it.
/// </summary>
internal sealed class ProbeWrapper
{
    private static readonly object EmitLock = new();
    private static ModuleBuilder? module;
    private static int emitted;

    private ProbeWrapper(nint entry)
    {
        Entry = entry;
    }

    /// <summary>Where the stub jumps (the wrapper's entry point).</summary>
    public nint Entry { get; }

    public static ProbeWrapper? Build(MethodBase method, Type probe, int slot, out string? refusal)
    {
        var shape = CallShape.Of(method, out refusal);
        if (shape is null)
        {
            return null;
        }

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
            Emit(builder.GetILGenerator(), shape, probe, slot);
            wrapper = type.CreateType().GetMethod("Call")!;
        }

        RuntimeHelpers.PrepareMethod(wrapper.MethodHandle);
        return new ProbeWrapper(wrapper.MethodHandle.GetFunctionPointer());
    }

    private static CustomAttributeBuilder StackTraceHidden() =>
        new(typeof(StackTraceHiddenAttribute).GetConstructor(Type.EmptyTypes)!, []);

    private static void Emit(ILGenerator il, CallShape shape, Type probe, int slot)
    {
        var trampoline = il.DeclareLocal(typeof(nint));
        var entry = il.DeclareLocal(typeof(long));
        var entered = il.DeclareLocal(typeof(bool)); // false when OnEntry threw: the call then ends without end hooks
        var result = shape.Return == typeof(void) ? null : il.DeclareLocal(shape.Return);
        il.Emit(OpCodes.Call, typeof(TrampolineHandoff).GetMethod(nameof(TrampolineHandoff.Take))!);
        il.Emit(OpCodes.Stloc, trampoline);
        Guarded(il, () =>
        {
            il.Emit(OpCodes.Ldc_I4, slot);
            il.Emit(OpCodes.Call, Hook(probe, nameof(IManagedProbe.OnEntry)));
            il.Emit(OpCodes.Stloc, entry);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Stloc, entered);
        });

        il.BeginExceptionBlock();
        for (var i = 0; i < shape.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldarg, (short)i);
        }

        il.Emit(OpCodes.Ldloc, trampoline);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, shape.Return, shape.Parameters, null);
        if (result is not null)
        {
            il.Emit(OpCodes.Stloc, result);
        }

        il.BeginFaultBlock();
        Guarded(il, () =>
        {
            var skip = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, entered);
            il.Emit(OpCodes.Brfalse, skip);
            il.Emit(OpCodes.Ldc_I4, slot);
            il.Emit(OpCodes.Ldloc, entry);
            il.Emit(OpCodes.Call, Hook(probe, nameof(IManagedProbe.OnException)));
            il.MarkLabel(skip);
        });
        il.EndExceptionBlock();

        Guarded(il, () =>
        {
            var skip = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, entered);
            il.Emit(OpCodes.Brfalse, skip);
            EmitExitHook(il, shape, probe, slot, entry, result);
            il.MarkLabel(skip);
        });
        if (result is not null)
        {
            il.Emit(OpCodes.Ldloc, result);
        }

        il.Emit(OpCodes.Ret);
    }

    /// <summary>The hook that ends a call that returned: its task's for Task and ValueTask methods, else OnExit.</summary>
    private static void EmitExitHook(ILGenerator il, CallShape shape, Type probe, int slot, LocalBuilder entry, LocalBuilder? result)
    {
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
    }

    /// <summary>A hook call inside try/catch(Exception) → <see cref="ProbeFaults.Record"/>: probe code that throws never
    /// reaches the app's call (free on the path that does not throw: the runtime's exception handling is table-driven).</summary>
    private static void Guarded(ILGenerator il, Action emitHookCall)
    {
        il.BeginExceptionBlock();
        emitHookCall();
        il.BeginCatchBlock(typeof(Exception));
        il.Emit(OpCodes.Call, typeof(ProbeFaults).GetMethod(nameof(ProbeFaults.Record))!);
        il.EndExceptionBlock();
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

using System.Reflection;
using System.Runtime.CompilerServices;

namespace Instr.Patching.Probes;

/// <summary>
/// A method's real argument list as the body receives it on x64 CoreCLR, hidden arguments included, in their order:
/// <c>this</c>, the return buffer, the generic context, then the declared parameters. A wrapper declared as a static
/// method with exactly these parameters (and a calli with the same) receives and passes every register and stack slot
/// where the callers put them. Declaring it with the method's own signature instead goes wrong for an instance method
/// returning a large struct: callers pass (this, buffer), a static method with that signature expects (buffer, this).
/// Reference types become <see cref="object"/> (one register either way; shared generic code sees them so too), byrefs
/// <c>ref byte</c> (still reported to the GC), pointers <see cref="IntPtr"/>; value types stay exact, because their
/// fields decide which registers carry them.
/// </summary>
internal sealed record CallShape(Type[] Parameters, Type Return, bool ReturnsBuffer, Type? DeclaredReturn)
{
    /// <summary>The shape, or null with the reason when the engine cannot build a wrapper for it.</summary>
    public static CallShape? Of(MethodBase method, out string? refusal)
    {
        refusal = null;
        if (method.CallingConvention.HasFlag(CallingConventions.VarArgs))
        {
            refusal = "varargs method: no managed wrapper can pass its arguments";
            return null;
        }

        if (method.IsGenericMethodDefinition || method.ContainsGenericParameters)
        {
            refusal = "generic definition: patch an instantiation for timing (e.g. Method<int>, Method<string>)";
            return null;
        }

        var declared = method is MethodInfo info ? info.ReturnType : typeof(void);
        var parameters = new List<Type>();
        if (!method.IsStatic)
        {
            parameters.Add(method.DeclaringType is { IsValueType: true } ? typeof(byte).MakeByRefType() : typeof(object));
        }

        var returnsBuffer = UsesReturnBuffer(declared, out refusal);
        if (refusal is not null)
        {
            return null;
        }

        if (returnsBuffer)
        {
            parameters.Add(typeof(byte).MakeByRefType());
        }

        if (TakesGenericContext(method))
        {
            parameters.Add(typeof(IntPtr));
        }

        foreach (var parameter in method.GetParameters())
        {
            parameters.Add(Normalize(parameter.ParameterType));
        }

        // With a return buffer the body returns the buffer's address in rax (the ABI's rule); the wrapper does the same.
        var returned = returnsBuffer ? typeof(IntPtr) : Normalize(declared);
        return new CallShape([.. parameters], returned, returnsBuffer, declared);
    }

    /// <summary>Structs above 16 bytes come back through a caller-provided buffer (System V); smaller ones in rax:rdx.
    /// Explicit-layout structs of 16 bytes or less are refused: their classification depends on overlapping fields.</summary>
    private static bool UsesReturnBuffer(Type type, out string? refusal)
    {
        refusal = null;
        if (!type.IsValueType || type.IsPrimitive || type.IsEnum || type == typeof(void) || type.IsPointer)
        {
            return false;
        }

        var size = SizeOf(type);
        if (size > 16)
        {
            return true;
        }

        if (type.IsExplicitLayout)
        {
            refusal = $"returns a small explicit-layout struct ({type.Name}): its registers cannot be told from metadata";
        }

        return false;
    }

    private static int SizeOf(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    /// <summary>Shared generic code that cannot find its instantiation from <c>this</c> takes it as a hidden argument:
    /// a generic method whose code is shared, and static or struct methods of a shared generic type.</summary>
    private static bool TakesGenericContext(MethodBase method)
    {
        var typeShared = method.DeclaringType is { IsGenericType: true } type && type.GetGenericArguments().Any(IsShared);
        if (method.IsGenericMethod)
        {
            return typeShared || method.GetGenericArguments().Any(IsShared);
        }

        return typeShared && (method.IsStatic || method.DeclaringType!.IsValueType);
    }

    /// <summary>A type argument makes code shared when it is a reference type or a struct instantiated over one
    /// (KeyValuePair&lt;string, int&gt; shares code with KeyValuePair&lt;object, int&gt;).</summary>
    private static bool IsShared(Type argument) =>
        !argument.IsValueType || (argument.IsGenericType && argument.GetGenericArguments().Any(IsShared));

    private static Type Normalize(Type type)
    {
        if (type.IsByRef)
        {
            return typeof(byte).MakeByRefType();
        }

        if (type.IsPointer || type.IsFunctionPointer)
        {
            return typeof(IntPtr);
        }

        return type.IsValueType ? type : typeof(object);
    }

    /// <summary>True when the shape's declared return is a Task (or Task&lt;T&gt;, or another Task subclass).</summary>
    public bool ReturnsTask => DeclaredReturn is { } r && typeof(Task).IsAssignableFrom(r);

    public bool ReturnsValueTask => DeclaredReturn == typeof(ValueTask);

    public bool ReturnsGenericValueTask => DeclaredReturn is { IsGenericType: true } r && r.GetGenericTypeDefinition() == typeof(ValueTask<>);
}

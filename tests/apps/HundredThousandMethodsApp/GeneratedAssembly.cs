using System.Reflection;
using System.Reflection.Emit;

namespace HundredThousandMethodsApp;

/// <summary>
/// The 100,000 methods: <see cref="Types"/> public static classes <c>HundredK.Generated.T000</c> … <c>T999</c> with
/// <see cref="MethodsPerType"/> methods <c>M00</c> … <c>M99</c> each, <c>static long Mmm(long x)</c>, written as a real
/// assembly file with PersistedAssemblyBuilder and loaded from that file, so the agent sees it as it sees any assembly
/// an app ships (metadata on disk, not a dynamic assembly). Each method computes <see cref="Expected"/> with its own
/// constant, so a caller can check every result and no two bodies are the same.
/// </summary>
internal static class GeneratedAssembly
{
    public const string Name = "HundredK.Generated";
    public const int Types = 1000;
    public const int MethodsPerType = 100;
    public const int Methods = Types * MethodsPerType;

    public static string TypeName(int type) => $"{Name}.T{type:D3}";

    public static string MethodName(int method) => $"M{method:D2}";

    /// <summary>What method <paramref name="method"/> of type <paramref name="type"/> returns for <paramref name="x"/>.</summary>
    public static long Expected(int type, int method, long x)
    {
        var k = Constant(type, method);
        return unchecked(((x ^ k) * 31) + (x >> 3) + k);
    }

    /// <summary>Writes the assembly to <paramref name="directory"/> and loads it from there.</summary>
    public static Assembly WriteAndLoad(string directory)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName(Name), typeof(object).Assembly);
        var module = builder.DefineDynamicModule(Name);
        for (var type = 0; type < Types; type++)
        {
            var typeBuilder = module.DefineType(TypeName(type),
                TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class);
            for (var method = 0; method < MethodsPerType; method++)
            {
                Emit(typeBuilder, method, Constant(type, method));
            }

            typeBuilder.CreateType();
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Name + ".dll");
        builder.Save(path);
        return Assembly.LoadFrom(path);
    }

    // ((x ^ k) * 31) + (x >> 3) + k: a few instructions, so every body is long enough to patch like ordinary code.
    private static void Emit(TypeBuilder type, int method, long k)
    {
        var il = type.DefineMethod(MethodName(method), MethodAttributes.Public | MethodAttributes.Static, typeof(long), [typeof(long)])
            .GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I8, k);
        il.Emit(OpCodes.Xor);
        il.Emit(OpCodes.Ldc_I8, 31L);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4_3);
        il.Emit(OpCodes.Shr);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldc_I8, k);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ret);
    }

    private static long Constant(int type, int method) => (type * MethodsPerType) + method + 1;
}

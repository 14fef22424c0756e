using System.Reflection;
using System.Reflection.Emit;

namespace Instr.Patching.Scenarios;

// Many patches at once.
internal static partial class ScenarioCatalog
{
    private const int ManyMethods = 3000;

    /// <summary>3,000 distinct methods (emitted at run time), all compiled and called, patched with one PatchAll,
    /// then each called a known, different number of times from 4 threads: every count must be exact.</summary>
    private static ScenarioResult ThreeThousandMethods()
    {
        var patcher = MethodPatcher.Shared;
        var methods = EmitMethods(ManyMethods);
        var calls = methods.Select(m => m.CreateDelegate<Func<long, long>>()).ToArray();
        for (var i = 0; i < calls.Length; i++)
        {
            Check(calls[i](1) == 1 + i, "emitted method before the patch");
        }

        var results = patcher.PatchAll(methods);
        var refused = results.Where(r => !r.Succeeded).Select(r => r.RefusalReason).FirstOrDefault();
        if (refused is not null)
        {
            return ScenarioResult.Refused(refused);
        }

        // Method i is called (i % 7) + 1 times per round; 4 threads × 20 rounds.
        Hammer.Run(20, _ =>
        {
            for (var i = 0; i < calls.Length; i++)
            {
                for (var k = 0; k <= i % 7; k++)
                {
                    Check(calls[i](k) == k + i, "emitted method under the patch");
                }
            }
        });
        long expected = 0, counted = 0, exact = 0;
        for (var i = 0; i < calls.Length; i++)
        {
            var made = 4L * 20 * ((i % 7) + 1);
            var seen = results[i].Handle!.ReadCalls();
            expected += made;
            counted += seen;
            exact += made == seen ? 1 : 0;
        }

        return new ScenarioResult(expected, exact == calls.Length ? counted : -counted, $"methods={calls.Length} exact={exact}");
    }

    private static List<MethodInfo> EmitMethods(int count)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("ScaleTargets"), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("ScaleTargets");
        var type = module.DefineType("ScaleTargets.Many", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        for (var i = 0; i < count; i++)
        {
            var method = type.DefineMethod($"M{i}", MethodAttributes.Public | MethodAttributes.Static, typeof(long), [typeof(long)]);
            method.SetImplementationFlags(MethodImplAttributes.NoInlining);
            var il = method.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I8, (long)i);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ret);
        }

        var created = type.CreateType();
        return [.. Enumerable.Range(0, count).Select(i => created.GetMethod($"M{i}")!)];
    }
}

using System.Reflection;
using Instr.Patching.Engine;
using Instr.Patching.Interop;
using Instr.Patching.Runtime.CoreClr;

namespace Instr.Patching.Scenarios;

/// <summary>Diagnostics (not used by tests): what the registry and entry chains say about some targets.</summary>
internal static unsafe class DebugScenarios
{
    public static ScenarioResult Dump()
    {
        _ = MethodPatcher.Shared;
        var value = new Vector3Ish(1, 2, 3);
        IGreeter boxed = value;
        value.Greet(1);
        boxed.Greet(2);
        new Box<int>(1).Describe();
        foreach (var method in new MethodBase[] { typeof(Vector3Ish).GetMethod("Greet")!, typeof(Box<int>).GetMethod("Describe")!, typeof(Box<>).GetMethod("Describe")! })
        {
            Console.WriteLine($"{method.DeclaringType}.{method.Name}: token={method.MetadataToken:x} scope={ModuleData.Of(method.Module):x} handle={method.MethodHandle.Value:x}");
            if (!method.ContainsGenericParameters && method.DeclaringType?.ContainsGenericParameters != true)
            {
                var chain = EntryChain.Walk(method.MethodHandle.GetFunctionPointer());
                Console.WriteLine($"  chain: {chain} body bytes: {Convert.ToHexString(new ReadOnlySpan<byte>((void*)chain.Body, 24))}");
            }

            uint count;
            var records = NativeHelper.Registry(&count);
            for (var i = 0; i < count; i++)
            {
                if (records[i].Token == (uint)method.MetadataToken)
                {
                    Console.WriteLine($"  record: ftn={records[i].MethodHandle:x} scope={records[i].Scope:x} code={records[i].Code:x} size={records[i].Size} flags={records[i].JitFlags:x}");
                }
            }
        }

        return new ScenarioResult(0, 0, "dump");
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using Instr.Patching.Interop;
using Instr.Patching.Runtime.CoreClr;

namespace Instr.Patching.Scenarios;

/// <summary>
/// The probe behind each row of the JIT-EE table: on the runtime this process runs on, a method compiled after the
/// engine started is looked up in the compile registry, whose fields come straight from the ICorJitInfo slots the
/// row names, and each is compared with what the runtime says independently (reflection, the entry point). A
/// wrong slot shows here as a wrong value (or a crash, which also fails the test). canInline and the OSR flag bit
/// are proven by their own count scenarios (inlinable-callee-future-callers, hot-loop-osr).
/// </summary>
internal static partial class ScenarioCatalog
{
    private static readonly Dictionary<string, Func<ScenarioResult>> RuntimeProbes = new()
    {
        ["jit-table"] = JitTableRow,
    };

    private static unsafe ScenarioResult JitTableRow()
    {
        var row = JitInterfaceTable.Running(out var problem);
        if (row is null)
        {
            return new ScenarioResult(1, 0, problem ?? "no row");
        }

        _ = MethodPatcher.Shared; // installs the JIT hook with the row's slots
        var method = Method(typeof(JitTableTargets), nameof(JitTableTargets.CompiledAfterTheHook));
        RuntimeHelpers.PrepareMethod(method.MethodHandle);
        uint count;
        var records = NativeHelper.Registry(&count);
        CompileRecord? found = null;
        for (var i = 0u; i < count; i++)
        {
            if (records[i].State == 1 && records[i].MethodHandle == method.MethodHandle.Value)
            {
                found = records[i];
            }
        }

        var body = EntryChain.Walk(method.MethodHandle.GetFunctionPointer()).Body;
        var checks = new List<(string Name, bool Ok, string Seen)>
        {
            ("compile recorded (the proxy ICorJitInfo works)", found is not null, found is null ? "none" : "yes"),
            ("getMethodDefFromMethod = metadata token", found?.Token == (uint)method.MetadataToken, Hex(found?.Token) + " vs " + Hex((uint)method.MetadataToken)),
            ("allocMem final code = entry point's body", found is { } r1 && r1.Code == body, Hex((ulong?)found?.Code) + " vs " + Hex((ulong)body)),
            ("allocMem hot size holds the code", found is { } r2 && r2.Size > 0 && r2.Size <= r2.Reserved, $"{found?.Size}/{found?.Reserved}"),
            ("getJitFlags filled the flags, no OSR bit", found is { } r3 && r3.JitFlags != 0 && ((r3.JitFlags >> (int)row.Slots.OsrFlagBit) & 1) == 0, Hex(found?.JitFlags)),
            ("getJitFlags is the last slot", row.Slots.GetJitFlags == row.Slots.SlotCount - 1, $"{row.Slots.GetJitFlags} of {row.Slots.SlotCount}"),
            ("row major = running major", row.Major == Environment.Version.Major, $"{row.Major} vs {Environment.Version}"),
        };
        foreach (var (name, ok, seen) in checks)
        {
            Console.WriteLine($"CHECK {(ok ? "ok" : "FAILED")} {name}: {seen}");
        }

        var failed = checks.Where(c => !c.Ok).Select(c => c.Name).ToList();
        return new ScenarioResult(checks.Count, checks.Count - failed.Count,
            $"{row.Name} ({Environment.Version}): {(failed.Count == 0 ? "every check passed" : "failed: " + string.Join(", ", failed))}");
    }

    private static string Hex(ulong? value) => value is null ? "none" : "0x" + value.Value.ToString("x", CultureInfo.InvariantCulture);
}

/// <summary>Never called: compiled only by the jit-table probe, after the JIT hook is installed.</summary>
internal static class JitTableTargets
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long CompiledAfterTheHook(long value) => (value * 7) ^ (value >> 1);
}

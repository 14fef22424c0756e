using Instr.Patching.Interop;

namespace Instr.Patching.Runtime.CoreClr;

/// <summary>
/// ICorJitInfo vtable slots, per JIT-EE interface version. The slots move between runtime versions, so the engine
/// only hooks a JIT whose version GUID is listed here (each slot was verified on that runtime with a probe compile).
/// </summary>
internal static class JitInterfaceTable
{
    private static readonly Dictionary<Guid, JitSlots> Known = new()
    {
        // .NET 10.0.12: canInline 8, reportInliningDecision 10, getMethodDefFromMethod 120, allocMem 160, getJitFlags 175 of 176.
        [new Guid("7a8cbc56-9e19-4321-80b9-a0d2c578c945")] = new JitSlots
        {
            SlotCount = 176,
            CanInline = 8,
            ReportInliningDecision = 10,
            GetMethodDefFromMethod = 120,
            AllocMem = 160,
            GetJitFlags = 175,
            OsrFlagBit = 7,
            ExtraCodeBytes = 8,
        },
    };

    public static bool TryGet(Guid version, out JitSlots slots) => Known.TryGetValue(version, out slots);
}

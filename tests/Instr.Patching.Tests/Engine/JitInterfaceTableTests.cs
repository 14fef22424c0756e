using Instr.Patching.Interop;
using Instr.Patching.Runtime.CoreClr;

namespace Instr.Patching.Tests.Engine;

public sealed unsafe class JitInterfaceTableTests
{
    [Fact]
    public void The_running_JIT_has_a_known_interface_version()
    {
        Guid version;
        NativeHelper.JitVersion(NativeHelper.GetJitCompiler(), (byte*)&version);

        Assert.True(JitInterfaceTable.TryGet(version, out var slots), $"JIT-EE version {version} not in the table");
        Assert.True(slots.AllocMem < slots.SlotCount && slots.GetJitFlags < slots.SlotCount);
    }

    [Fact]
    public void An_unknown_interface_version_is_not_in_the_table() =>
        Assert.False(JitInterfaceTable.TryGet(Guid.NewGuid(), out _));

    [Fact]
    public void Every_served_runtime_has_one_row_with_slots_inside_its_vtable()
    {
        Assert.Equal([8, 9, 10], JitInterfaceTable.Served.Select(r => r.Major));
        Assert.Equal(JitInterfaceTable.Served.Count, JitInterfaceTable.Served.Select(r => r.JitEeVersion).Distinct().Count());
        foreach (var row in JitInterfaceTable.Served)
        {
            var s = row.Slots;
            // getJitFlags is declared last in ICorJitInfo: the proxy's vtable must end right after it.
            Assert.Equal(s.SlotCount - 1, s.GetJitFlags);
            Assert.All(new[] { s.CanInline, s.ReportInliningDecision, s.GetMethodDefFromMethod, s.AllocMem }, slot => Assert.InRange(slot, 0u, s.SlotCount - 2));
            Assert.Equal(s.CanInline + 2, s.ReportInliningDecision); // canInline, beginInlining, reportInliningDecision
            Assert.Equal(0x4000, row.Precode.DataOffset);
        }
    }

    [Fact]
    public void The_running_runtime_has_its_row()
    {
        var row = JitInterfaceTable.Running(out var problem);

        Assert.True(row is not null, problem);
        Assert.Equal(Environment.Version.Major, row.Major);
    }
}

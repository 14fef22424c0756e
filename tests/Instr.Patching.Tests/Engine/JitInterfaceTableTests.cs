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
}

using System.Runtime.InteropServices;
using Instr.Patching.Interop;
using Instr.Patching.Platforms;
using Instr.Patching.Runtime.CoreClr;
using Instr.Shared;

namespace Instr.Patching.Tests.Platforms;

/// <summary>The platform triple (system × architecture × runtime) and the runtime table it picks its row from.</summary>
public sealed class PlatformTests
{
    [Fact]
    public void This_process_is_picked_as_linux_x64_with_the_row_of_its_runtime()
    {
        var platform = Platform.Current;

        Assert.Equal("Linux", platform.System);
        Assert.Equal(Architecture.X64, platform.Architecture);
        Assert.Equal(Environment.Version.Major, platform.Runtime.Major);
        Assert.Same(JitInterfaceTable.Running(out _), platform.Runtime);
    }

    [Fact]
    public void Every_runtime_the_cli_serves_has_exactly_one_complete_row()
    {
        Assert.Equal(ServedRuntimes.All.Select(r => (r.Major, r.JitEeVersion)), JitInterfaceTable.Served.Select(r => (r.Major, r.JitEeVersion)));
        foreach (var row in JitInterfaceTable.Served)
        {
            var s = row.Slots;
            Assert.Equal($".NET {row.Major}", row.Name);
            Assert.False(string.IsNullOrWhiteSpace(row.VerifiedOn), $"{row.Name}: no runtime version it was verified on");

            // ICorJitInfo slots: inside the vtable, distinct, getJitFlags last.
            var slots = new[] { s.CanInline, s.ReportInliningDecision, s.GetMethodDefFromMethod, s.AllocMem, s.GetJitFlags };
            Assert.Equal(slots.Length, slots.Distinct().Count());
            Assert.Equal(s.SlotCount - 1, s.GetJitFlags);
            Assert.All(slots, slot => Assert.InRange(slot, 0u, s.SlotCount - 1));
            Assert.InRange(s.OsrFlagBit, 0u, 63u); // a bit of the first 8 bytes of CORJIT_FLAGS, which the hook reads

            // AllocMemArgs: a 4-byte size in the inputs, then two pointers among the outputs (8-byte aligned, in order).
            Assert.True(s.AllocMemHotSizeAt % 4 == 0 && s.AllocMemCodeAt > s.AllocMemHotSizeAt, row.Name);
            Assert.Equal(0u, s.AllocMemCodeAt % 8);
            Assert.Equal(s.AllocMemCodeAt + 8, s.AllocMemWritableCodeAt);
            Assert.True(s.ExtraCodeBytes >= 5, $"{row.Name}: room after a tiny body must hold a 5-byte jump");

            // FixupPrecode data: the target cell, then the MethodDesc; "not compiled" points inside the precode.
            Assert.Equal(8, row.Precode.MethodDescInData);
            Assert.InRange(row.Precode.UncompiledTargetOffset, 1, row.Precode.DataOffset - 1);
            Assert.Equal(0, row.Precode.DataOffset % 4096); // the data page mirrors the code page
        }
    }

    [Fact]
    public unsafe void The_native_hook_receives_the_row_in_the_layout_it_declares() =>
        Assert.Equal((ulong)sizeof(JitSlots), NativeHelper.JitSlotsSize());

    [Fact]
    public void An_unknown_jit_interface_version_is_refused_with_the_version_and_what_is_served()
    {
        var unknown = Guid.NewGuid();

        var row = JitInterfaceTable.Select(unknown, 10, ".NET 10.0.12", out var problem);

        Assert.Null(row);
        Assert.Equal(
            $"patch engine: unknown JIT-EE interface version {unknown} (.NET 10.0.12); its ICorJitInfo slots are not verified, " +
            "so the engine refuses to hook this JIT (served: .NET 8, .NET 9, .NET 10)",
            problem);
    }

    [Fact]
    public void A_known_jit_in_a_runtime_of_another_version_is_refused()
    {
        var row = JitInterfaceTable.Select(ServedRuntimes.Net8.JitEeVersion, 10, ".NET 10.0.12", out var problem);

        Assert.Null(row);
        Assert.Equal("patch engine: the JIT reports the interface version of .NET 8 but the runtime is .NET 10.0.12; refused", problem);
    }

    [Fact]
    public void Each_served_version_selects_its_own_row()
    {
        foreach (var served in ServedRuntimes.All)
        {
            var row = JitInterfaceTable.Select(served.JitEeVersion, served.Major, $".NET {served.Major}.0.0", out var problem);

            Assert.True(row is not null, problem);
            Assert.Equal(served.Major, row.Major);
        }
    }

    [Theory]
    [InlineData(false, Architecture.X64, ".NET 10.0.12", false, "patch engine: only Linux is supported (this is Darwin 24.0)")]
    [InlineData(true, Architecture.Arm64, ".NET 10.0.12", false, "patch engine: only x64 is supported (this is Arm64)")]
    [InlineData(true, Architecture.X64, "Mono 6.12.0.200", false, "patch engine: only CoreCLR is supported (this is Mono 6.12.0.200)")]
    [InlineData(true, Architecture.X64, ".NET 10.0.12", true, "patch engine: only CoreCLR is supported (this is .NET 10.0.12)")]
    [InlineData(true, Architecture.X64, ".NET 10.0.12", false, null)]
    public void System_architecture_and_runtime_kind_are_checked_before_the_runtime_row(bool linux, Architecture architecture, string framework, bool mono, string? expected) =>
        Assert.Equal(expected, Platform.RefusalBeforeRuntime(linux, "Darwin 24.0", architecture, framework, mono));
}

using Instr.Patching.Interop;

namespace Instr.Patching.Tests.Detours;

/// <summary>Small native functions written into executable memory, to test stubs without touching the runtime.</summary>
internal static unsafe class NativeCode
{
    /// <summary>int Add(int a, int b) with a frame: push rbp; mov rbp,rsp; lea eax,[rdi+rsi]; pop rbp; ret.</summary>
    public static readonly byte[] AddWithFrame = [0x55, 0x48, 0x89, 0xE5, 0x8D, 0x04, 0x37, 0x5D, 0xC3];

    /// <summary>Copies code into executable memory near <paramref name="near"/> (16-byte aligned) and returns it.</summary>
    public static nint Place(byte[] code, nint near = 0)
    {
        var memory = NativeHelper.StubAlloc(near == 0 ? (nint)NativeHelper.PoolBase() : near, 64);
        Assert.True(memory != null, "no executable memory");
        code.CopyTo(new Span<byte>(memory, code.Length));
        return (nint)memory;
    }
}

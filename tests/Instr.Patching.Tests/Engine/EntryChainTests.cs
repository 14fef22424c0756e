using System.Runtime.CompilerServices;
using Instr.Patching.Runtime.CoreClr;

namespace Instr.Patching.Tests.Engine;

/// <summary>Reads (never writes) the runtime's stubs in this process.</summary>
public sealed class EntryChainTests
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Compiled(int x) => x * 3;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int NeverCalled(int x) => x * 5;

    [Fact]
    public void A_called_method_leads_from_its_precode_to_a_body()
    {
        Assert.Equal(6, Compiled(2));
        var entry = typeof(EntryChainTests).GetMethod(nameof(Compiled), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MethodHandle;

        var chain = EntryChain.Walk(entry.GetFunctionPointer());

        Assert.True(chain.Compiled);
        Assert.Equal(entry.GetFunctionPointer(), chain.Precode);
        Assert.Equal(entry.Value, chain.PrecodeMethodDesc);
        Assert.NotEqual(chain.Precode, chain.Body);
    }

    [Fact]
    public void A_method_never_called_is_not_compiled()
    {
        var entry = typeof(EntryChainTests).GetMethod(nameof(NeverCalled), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MethodHandle;

        var chain = EntryChain.Walk(entry.GetFunctionPointer());

        Assert.False(chain.Compiled);
        Assert.Equal(entry.Value, chain.PrecodeMethodDesc);
    }
}

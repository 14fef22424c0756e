using System.Reflection.Emit;
using Instr.Patching.Engine;

namespace Instr.Patching.Tests.Engine;

/// <summary>The refusal rules alone (no patching in this process; the scenario tests run them through the API).</summary>
public sealed class PatchRulesTests
{
    private abstract class Base
    {
        public abstract int Value();
    }

    private sealed class Derived : Base
    {
        public override int Value() => 1;
    }

    [Fact]
    public void Abstract_methods_are_refused() =>
        Assert.Contains("abstract", PatchRules.RefusalFor(typeof(Base).GetMethod(nameof(Base.Value))!), StringComparison.Ordinal);

    [Fact]
    public void Dynamic_methods_are_refused() =>
        Assert.Contains("dynamic", PatchRules.RefusalFor(new DynamicMethod("d", typeof(void), []))!, StringComparison.Ordinal);

    [Fact]
    public void Instr_assemblies_are_refused_as_own_code() =>
        Assert.Contains("own code", PatchRules.RefusalFor(typeof(MethodPatcher).GetMethod(nameof(MethodPatcher.Patch))!), StringComparison.Ordinal);

    [Fact]
    public void Jit_intrinsics_are_refused() =>
        Assert.Contains("intrinsic", PatchRules.RefusalFor(typeof(System.Runtime.Intrinsics.Vector128).GetMethod("Create", [typeof(int)])!), StringComparison.Ordinal);

    [Fact]
    public void An_ordinary_framework_method_is_allowed() =>
        Assert.Null(PatchRules.RefusalFor(typeof(Convert).GetMethod(nameof(Convert.ToBase64String), [typeof(byte[])])!));
}

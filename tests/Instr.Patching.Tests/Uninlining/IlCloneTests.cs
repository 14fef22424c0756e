using System.Reflection;
using Instr.Patching.Uninlining;
using Instr.Patching.Tests.Uninlining.Targets;

namespace Instr.Patching.Tests.Uninlining;

/// <summary>IL clones of ordinary callers (the engine's re-route when ReJIT is not available).</summary>
public sealed class IlCloneTests
{
    [Fact]
    public void Clone_of_a_static_caller_is_built_with_the_same_signature()
    {
        MethodInfo caller = typeof(ShapeCallers).GetMethod(nameof(ShapeCallers.GenericType))!;

        var clone = IlClone.TryBuild(caller, out string? refusal);

        Assert.Null(refusal);
        Assert.NotNull(clone);
        Assert.Equal(caller.ReturnType, clone.ReturnType);
        Assert.Empty(clone.GetParameters());
    }

    [Theory]
    [InlineData(typeof(ShapeCallers), nameof(ShapeCallers.InGenericContext), "generic caller")]
    [InlineData(typeof(StructReturningInstance), nameof(StructReturningInstance.Pair), "instance method returning a struct")]
    [InlineData(typeof(StructInstance), nameof(StructInstance.Sum), "struct instance method")]
    public void Callers_whose_calling_convention_a_clone_cannot_keep_are_refused(Type type, string name, string reason)
    {
        var clone = IlClone.TryBuild(type.GetMethod(name)!, out string? refusal);

        Assert.Null(clone);
        Assert.NotNull(refusal);
        Assert.StartsWith(reason, refusal);
    }
}

using System.Reflection;
using System.Reflection.Emit;
using Instr.Patching.Uninlining;
using Instr.Patching.Tests.Uninlining.Targets;

namespace Instr.Patching.Tests.Uninlining;

/// <summary>An IL clone, invoked directly (nothing is redirected), returns what the original returns.</summary>
public sealed class IlCloneBehaviourTests
{
    [Theory]
    [InlineData(nameof(CloneSubjects.WithGenericsAndSwitch), 0)]
    [InlineData(nameof(CloneSubjects.WithGenericsAndSwitch), 1)]
    [InlineData(nameof(CloneSubjects.WithGenericsAndSwitch), 6)]
    [InlineData(nameof(CloneSubjects.WithGenericsAndSwitch), 7)]
    [InlineData(nameof(CloneSubjects.WithExceptionHandling), "abc")]
    [InlineData(nameof(CloneSubjects.WithExceptionHandling), null)]
    [InlineData(nameof(CloneSubjects.WithExceptionHandling), "throw")]
    public void Clone_returns_what_the_original_returns(string name, object? argument)
    {
        MethodInfo original = typeof(CloneSubjects).GetMethod(name)!;
        DynamicMethod? clone = IlClone.TryBuild(original, out string? refusal);
        Assert.True(clone is not null, refusal);

        object? expected = original.Invoke(null, [argument]);
        object? actual = clone.Invoke(null, [argument]);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Clone_reads_and_writes_the_same_static_field()
    {
        MethodInfo original = typeof(CloneSubjects).GetMethod(nameof(CloneSubjects.WithStringsAndFields))!;
        DynamicMethod clone = IlClone.TryBuild(original, out string? refusal) ?? throw new InvalidOperationException(refusal);

        string first = (string)original.Invoke(null, [1])!;
        string second = (string)clone.Invoke(null, [1])!;

        Assert.Equal(int.Parse(first[2..]) + 1, int.Parse(second[2..]));
    }
}

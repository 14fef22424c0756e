using System.Reflection;
using System.Text.RegularExpressions;
using Instr.Patching.Inlining.Rerouting;
using Instr.Patching.Tests.Inlining.Targets;

namespace Instr.Patching.Tests.Inlining;

/// <summary>The opt-in re-route of inlining callers to IL clones.</summary>
public sealed partial class InliningRerouteTests
{
    [Fact]
    public void Rerouted_caller_has_every_call_counted_and_every_result_right()
    {
        (int exitCode, string output, string errors) = InliningScenarioRun.RunScenario("inlining-reroute", new Dictionary<string, string>());
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{errors}");

        Match line = RerouteLine().Match(output);
        Assert.True(line.Success, $"no result line in:\n{output}\n{errors}");
        Assert.Equal("Inlined", line.Groups["verdict"].Value);
        Assert.Equal("1", line.Groups["rerouted"].Value);
        Assert.Equal(line.Groups["calls"].Value, line.Groups["counted"].Value);
        Assert.Equal("0", line.Groups["wrong"].Value);
    }

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

    [GeneratedRegex(@"reroute\tverdict=(?<verdict>\w+) rerouted=(?<rerouted>\d+) refused=\d+ calls=(?<calls>\d+) counted=(?<counted>\d+) wrongResults=(?<wrong>\d+)")]
    private static partial Regex RerouteLine();
}

using System.Reflection;
using System.Runtime.CompilerServices;
using Instr.Agent.Resolution;
using SampleTarget;
using SampleTarget.Modules;

namespace Instr.Agent.Tests.SampleTarget;

/// <summary>The <c>method</c> tag of SampleTarget's ground truth must be exactly the agent's canonical name, or a
/// user could not put the two side by side.</summary>
public sealed class CallableNameTests
{
    public static TheoryData<string> CallableNames() => [.. Callables.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CallableNames))]
    public void Callable_name_is_the_canonical_name_of_its_method(string name)
    {
        var callable = Callables.All.Single(c => c.Name == name);
        Assert.Equal(MethodResolver.CanonicalName(callable.Method), callable.Name);
    }

    [Theory]
    [MemberData(nameof(CallableNames))]
    public void Callable_name_resolves_to_exactly_its_method(string name)
    {
        var callable = Callables.All.Single(c => c.Name == name);
        var resolver = new MethodResolver(() => [typeof(ModuleA).Assembly]);
        Assert.Equal(callable.Method, Assert.Single(resolver.Resolve(name)).Method);
    }

    [Fact]
    public void Names_are_unique()
    {
        Assert.Equal(Callables.All.Count, Callables.All.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_noinlining_module_method_is_a_callable_and_every_callable_is_noinlining()
    {
        var declared = typeof(ModuleA).Assembly.GetTypes()
            .Where(t => t.Namespace == "SampleTarget.Modules")
            .SelectMany(t => t.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance))
            .Where(m => m.MethodImplementationFlags.HasFlag(MethodImplAttributes.NoInlining))
            .Select(MethodResolver.CanonicalName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(declared, Callables.All.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Modules_have_the_shapes_product_md_promises()
    {
        foreach (var module in new[] { typeof(ModuleA), typeof(ModuleB), typeof(ModuleC), typeof(ModuleD) })
        {
            var letter = module.Name[^1];
            var funcs = module.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.Static).Where(m => m.Name.StartsWith("Func", StringComparison.Ordinal));
            Assert.Equal([$"Func{letter}1", $"Func{letter}2"], funcs.Select(m => m.Name).Order(StringComparer.Ordinal));

            var baseClass = module.GetNestedType($"Class{letter}1")!;
            var derived = module.GetNestedType($"Class{letter}1Derived")!;
            Assert.Equal(baseClass, derived.BaseType);
            Assert.Contains(Callables.All, c => c.Method.DeclaringType == baseClass && !c.Method.IsStatic && !c.Method.IsVirtual);
            Assert.Contains(Callables.All, c => c.Method.DeclaringType == baseClass && c.Method.IsStatic);
            Assert.Contains(Callables.All, c => c.Method.DeclaringType == baseClass && c.Method.IsVirtual);
            Assert.Contains(Callables.All, c => c.Method.DeclaringType == derived && c.Method.IsVirtual);
        }

        Assert.Single(Callables.All, c => c.Method.GetCustomAttribute<AsyncStateMachineAttribute>() is not null);
        Assert.Single(Callables.All, c => c.Method.IsGenericMethodDefinition);
        Assert.Contains(Callables.All, c => c.Name == "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)"); // product.md's example
    }
}

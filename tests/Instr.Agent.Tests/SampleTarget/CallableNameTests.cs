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
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance;

    public static TheoryData<string> CountedNames() => [.. Callables.CountedNames];

    [Theory]
    [MemberData(nameof(CountedNames))]
    public void Counted_name_is_the_canonical_name_of_its_method(string name)
    {
        Assert.Equal(name, MethodResolver.CanonicalName(CountedMethod(name)));
    }

    [Theory]
    [MemberData(nameof(CountedNames))]
    public void Counted_name_resolves_to_exactly_its_method(string name)
    {
        var resolver = new MethodResolver(() => [typeof(ModuleA).Assembly]);
        Assert.Equal(CountedMethod(name), Assert.Single(resolver.Resolve(name)).Method);
    }

    [Fact]
    public void Names_are_unique()
    {
        Assert.Equal(Callables.CountedNames.Count, Callables.CountedNames.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_public_module_method_is_a_callable_and_every_constructor_has_ground_truth()
    {
        var moduleTypes = typeof(ModuleA).Assembly.GetTypes().Where(t => t.Namespace == "SampleTarget.Modules").ToArray();
        var methods = moduleTypes.SelectMany(t => t.GetMethods(Declared)).Where(m => !m.IsSpecialName).Select(MethodResolver.CanonicalName);
        Assert.Equal(methods.Order(StringComparer.Ordinal), Callables.All.Select(c => c.Name).Order(StringComparer.Ordinal));

        var constructors = moduleTypes.Where(t => !t.IsAbstract).SelectMany(t => t.GetConstructors()).Select(MethodResolver.CanonicalName);
        Assert.Equal(constructors.Order(StringComparer.Ordinal), Callables.Constructors.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_module_method_carries_an_inlining_hint()
    {
        // Users' code has none, and instr must count calls the JIT inlined: the demo must not hide that.
        var hinted = typeof(ModuleA).Assembly.GetTypes()
            .Where(t => t.Namespace == "SampleTarget.Modules")
            .SelectMany(t => t.GetMethods(Declared | BindingFlags.NonPublic).Cast<MethodBase>().Concat(t.GetConstructors(Declared | BindingFlags.NonPublic)))
            .Where(m => (m.MethodImplementationFlags & (MethodImplAttributes.NoInlining | MethodImplAttributes.AggressiveInlining | MethodImplAttributes.NoOptimization)) != 0)
            .Select(MethodResolver.CanonicalName);
        Assert.Empty(hinted);
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

    private static MethodBase CountedMethod(string name) =>
        Callables.All.SingleOrDefault(c => c.Name == name)?.Method
        ?? Callables.Constructors.Single(c => c.Name == name).Method;
}

using System.Diagnostics;
using System.Reflection;
using Instr.Agent.Resolution;
using Instr.Patching;
using ResolverTargets.Shapes;
using Xunit.Abstractions;

namespace Instr.Agent.Tests.Resolution;

/// <summary>
/// product.md: every name instr prints can be pasted back into <c>instr patch</c>. For each method, the name
/// <see cref="MethodNames.Canonical"/> gives it (the one builder behind lists, watch rows, reports and the engine's
/// notes) is parsed as a pattern and resolved: the result must be that very method, and nothing but methods of that
/// name.
/// </summary>
public sealed class NameRoundTripTests(ITestOutputHelper output)
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    [Fact]
    public void Every_kind_of_member_resolves_back_to_itself()
    {
        var targets = typeof(Kinds).Assembly.GetTypes().Where(t => t.FullName!.StartsWith("ResolverTargets", StringComparison.Ordinal)).ToArray();
        var methods = targets.SelectMany(DeclaredMethods).Concat(typeof(Kinds).Module.GetMethods(Declared)).ToList();
        Assert.True(methods.Count > 120, $"only {methods.Count} target methods");
        var resolver = new MethodResolver(() => [typeof(Kinds).Assembly]);
        foreach (var method in methods)
        {
            var name = MethodNames.Canonical(method);
            var found = resolver.Resolve(name);
            Assert.True(found.Any(f => f.Method == method), $"{name} resolves to [{string.Join(", ", found.Select(f => f.Name))}], not to itself");
            Assert.All(found, f => Assert.Equal(name, f.Name));
            if (method.DeclaringType != typeof(Money) || !method.Name.StartsWith("op_Explicit", StringComparison.Ordinal))
            {
                Assert.True(found.Count == 1, $"{name} is ambiguous: {found.Count} methods");
            }
        }
    }

    [Fact]
    public void Conversions_that_differ_only_by_return_type_share_a_name_and_resolve_together()
    {
        var found = new MethodResolver(() => [typeof(Money).Assembly]).Resolve("ResolverTargets.Shapes.Money:op_Explicit(ResolverTargets.Shapes.Money)");
        Assert.Equal([typeof(int), typeof(long)], found.Select(f => ((MethodInfo)f.Method).ReturnType).Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))));
    }

    [Theory]
    [InlineData("ResolverTargets.Shapes.Kinds:get_Item(System.Int32)")]
    [InlineData("ResolverTargets.Shapes.Kinds:set_Item(System.String, System.Int32, System.String)")]
    [InlineData("ResolverTargets.Shapes.Kinds:.ctor(System.Int32&, System.String[])")]
    [InlineData("ResolverTargets.Shapes.Kinds:.cctor()")]
    [InlineData("ResolverTargets.Shapes.Kinds:Finalize()")]
    [InlineData("ResolverTargets.Shapes.Kinds:op_Addition(ResolverTargets.Shapes.Kinds, ResolverTargets.Shapes.Kinds)")]
    [InlineData("ResolverTargets.Shapes.Kinds:op_Implicit(ResolverTargets.Shapes.Kinds)")]
    [InlineData("ResolverTargets.Shapes.Kinds:set_Init(System.Int32)")]
    [InlineData("ResolverTargets.Shapes.Kinds:add_Changed(System.EventHandler)")]
    [InlineData("ResolverTargets.Shapes.Kinds:Pointers(System.Int32*, System.Byte**, System.Void*, System.Int32*[])")]
    [InlineData("ResolverTargets.Shapes.Kinds:FunctionPointers(delegate*<System.Int32,System.Void>, delegate*<System.Int32,System.Int32>, delegate*<System.Int32&,System.String>)")]
    [InlineData("ResolverTargets.Shapes.Kinds:Spans(System.Span`1[System.Int32], System.ReadOnlySpan`1[System.Char], System.Int32&)")]
    [InlineData("ResolverTargets.Shapes.Kinds:Tuple(System.ValueTuple`2[System.Int32,System.Int64], System.ValueTuple`8[System.Int32,System.Int32,System.Int32,System.Int32,System.Int32,System.Int32,System.Int32,System.Int32])")]
    [InlineData("ResolverTargets.Shapes.Kinds:Nullables(System.Nullable`1[System.Int32], System.Nullable`1[System.DateTime], System.String, System.Collections.Generic.List`1[System.Nullable`1[System.Int32]])")]
    [InlineData("ResolverTargets.Shapes.Kinds:Arrays(System.Int32[,], System.Int32[,,], System.Int64[][], System.Collections.Generic.List`1[System.Int32][], System.Int32[,][])")]
    [InlineData("ResolverTargets.Shapes.Kinds:Overloaded``2(T)")]
    [InlineData("ResolverTargets.Shapes.Sink:ResolverTargets.Shapes.IPairSink<System.String,System.Int32>.Put(System.String, System.Int32)")]
    [InlineData("ResolverTargets.Shapes.Sink:System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<System.String,System.Int32>>.GetEnumerator()")]
    [InlineData("ResolverTargets.Shapes.Sink:ResolverTargets.Shapes.IAddable<ResolverTargets.Shapes.Sink>.op_Addition(ResolverTargets.Shapes.Sink, ResolverTargets.Shapes.Sink)")]
    [InlineData("ResolverTargets.Shapes.IAddable`1:Zero()")]
    [InlineData("ResolverTargets.Shapes.IPairSink`2:Count()")]
    [InlineData("ResolverTargets.Shapes.Tree`1+Branch`1:Fold``1(TNode, TLeaf, System.Func`3[TNode,TLeaf,TResult])")]
    [InlineData("ResolverTargets.Shapes.Tree`1+Branch`1:Graft(ResolverTargets.Shapes.Tree`1+Branch`1[TNode,TLeaf], ResolverTargets.Shapes.Tree`1[TLeaf])")]
    [InlineData("ResolverTargets.Shapes.Tree`1+Walker:Depth()")]
    [InlineData("ResolverTargets.Shapes.Cell`1:op_Addition(ResolverTargets.Shapes.Cell`1[T], ResolverTargets.Shapes.Cell`1[T])")]
    [InlineData("ResolverTargets.Shapes.Cursor:Length()")]
    [InlineData("ResolverTargets.Shapes.Person:<Clone>$()")]
    [InlineData("<Module>:.cctor()")]
    public void Names_of_the_tricky_kinds_are_spelled_so_and_resolve(string name)
    {
        var found = Assert.Single(new MethodResolver(() => [typeof(Kinds).Assembly]).Resolve(name));
        Assert.Equal(name, found.Name);
        Assert.Equal(name, MethodNames.Canonical(found.Method));
    }

    [Fact]
    public void An_instantiation_is_named_by_its_definition_which_the_name_resolves_to()
    {
        var fold = typeof(Tree<int>.Branch<string>).GetMethod(nameof(Tree<int>.Branch<string>.Fold))!.MakeGenericMethod(typeof(long));
        var name = MethodNames.Canonical(fold);
        Assert.Equal("ResolverTargets.Shapes.Tree`1+Branch`1:Fold``1(TNode, TLeaf, System.Func`3[TNode,TLeaf,TResult])", name);
        var definition = Assert.Single(new MethodResolver(() => [typeof(Kinds).Assembly]).Resolve(name)).Method;
        Assert.Equal(MethodNames.Definition(fold), definition);
        Assert.True(definition.IsGenericMethodDefinition && definition.DeclaringType!.IsGenericTypeDefinition);
        Assert.Equal("ResolverTargets.Shapes.Cell`1:Get()", MethodNames.Canonical(typeof(Cell<int>).GetMethod(nameof(Cell<int>.Get))!));
    }

    [Theory]
    [InlineData("System.Private.CoreLib")]
    [InlineData("System.Linq")]
    [InlineData("System.Collections")]
    [InlineData("System.Runtime.InteropServices")]
    [InlineData("System.Text.Json")]
    public void Every_method_of_a_framework_assembly_resolves_back_to_itself(string assemblyName)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName)
            ?? Assembly.Load(assemblyName);
        var resolver = new MethodResolver(() => [assembly]);
        var clock = Stopwatch.StartNew();
        var methods = resolver.Resolve("*", includeFramework: true);
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var method in AtMostTenThousand(methods))
        {
            checkedCount++;
            // Exact names reach the framework without includeFramework, as `instr patch NAME` does.
            IReadOnlyList<ResolvedMethod> found;
            try
            {
                found = resolver.Resolve(method.Name);
            }
            catch (PatternSyntaxException e)
            {
                failures.Add($"{method.Name} → {e.Message}");
                continue;
            }

            if (!found.Any(f => f.Method == method.Method) || found.Any(f => f.Name != method.Name))
            {
                failures.Add($"{method.Name} → [{string.Join(", ", found.Select(f => f.Name))}]");
            }
        }

        output.WriteLine($"{assemblyName}: {checkedCount} of {methods.Count} methods round-tripped in {clock.ElapsedMilliseconds} ms");
        Assert.True(methods.Count > 100, $"{assemblyName}: only {methods.Count} methods");
        Assert.True(failures.Count == 0, $"{failures.Count} of {methods.Count} names do not resolve back:\n{string.Join('\n', failures.Take(20))}");
    }

    /// <summary>Every method of a small assembly; of CoreLib (40,000 methods) a uniform sample of about 10,000, which
    /// still holds every shape many times over and keeps the test at a few seconds.</summary>
    private static IEnumerable<ResolvedMethod> AtMostTenThousand(IReadOnlyList<ResolvedMethod> methods)
    {
        var step = (methods.Count + 9_999) / 10_000;
        return methods.Where((_, i) => i % step == 0);
    }

    private static IEnumerable<MethodBase> DeclaredMethods(Type type) =>
        type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared));
}

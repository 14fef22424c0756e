using Instr.Agent.Resolution;
using ResolverTargets;
using static Instr.Agent.Tests.Resolution.ResolverFixture;

namespace Instr.Agent.Tests.Resolution;

/// <summary>Matching patterns against the ResolverTargets types of this test assembly.</summary>
public sealed class MethodResolverTests
{
    private const string Calc = "ResolverTargets.Calculator";

    [Fact]
    public void Exact_canonical_name_resolves_to_that_method_only()
    {
        var found = OverTargets().Resolve($"{Calc}:Twice(System.Int32)");
        var method = Assert.Single(found);
        Assert.Equal($"{Calc}:Twice(System.Int32)", method.Name);
        Assert.Equal(typeof(Calculator).GetMethod(nameof(Calculator.Twice)), method.Method);
        Assert.Equal(typeof(Calculator).Assembly.GetName().Name, method.Assembly);
    }

    [Fact]
    public void Every_canonical_name_resolves_back_to_exactly_its_method()
    {
        var all = OverTargets().Resolve("ResolverTargets.*");
        Assert.True(all.Count > 40, $"only {all.Count} target methods");
        foreach (var method in all.Where(m => !m.Name.StartsWith("ResolverTargets.Shapes.Money:op_Explicit", StringComparison.Ordinal)))
        {
            // (Money's two explicit conversions differ only by return type: NameRoundTripTests covers that pair.)
            var again = OverTargets().Resolve(method.Name);
            Assert.Equal(method.Method, Assert.Single(again).Method);
        }
    }

    [Fact]
    public void Without_parameter_list_every_overload_matches()
    {
        Assert.Equal(
            [$"{Calc}:Add(System.Double, System.Double, System.Double)", $"{Calc}:Add(System.Int32, System.Int32)", $"{Calc}:Add(System.Int64, System.Int64)"],
            Names($"{Calc}:Add"));
    }

    [Theory]
    [InlineData("ResolverTargets.Calculator:Add(int, int)", "ResolverTargets.Calculator:Add(System.Int32, System.Int32)")]
    [InlineData("ResolverTargets.Calculator:Add(long,long)", "ResolverTargets.Calculator:Add(System.Int64, System.Int64)")]
    [InlineData("ResolverTargets.Calculator:Add(System.Int64, long)", "ResolverTargets.Calculator:Add(System.Int64, System.Int64)")]
    [InlineData("ResolverTargets.Calculator:Add(double, *, *)", "ResolverTargets.Calculator:Add(System.Double, System.Double, System.Double)")]
    [InlineData("ResolverTargets.Calculator:Fill(ref int, out string, in double)", "ResolverTargets.Calculator:Fill(System.Int32&, System.String&, System.Double&)")]
    [InlineData("ResolverTargets.Calculator:Sum(params int[])", "ResolverTargets.Calculator:Sum(System.Int32[])")]
    [InlineData("ResolverTargets.Calculator:Arrays(int[], string[,], int[][])", "ResolverTargets.Calculator:Arrays(System.Int32[], System.String[,], System.Int32[][])")]
    [InlineData("ResolverTargets.Calculator:Nullables(int?, string?)", "ResolverTargets.Calculator:Nullables(System.Nullable`1[System.Int32], System.String)")]
    [InlineData("ResolverTargets.Calculator:Collections(System.Collections.Generic.List<int>, *)", "ResolverTargets.Calculator:Collections(System.Collections.Generic.List`1[System.Int32], System.Collections.Generic.Dictionary`2[System.String,System.Collections.Generic.List`1[System.Int32]])")]
    [InlineData("ResolverTargets.Calculator:Add(System.Int32,System.Int32)", "ResolverTargets.Calculator:Add(System.Int32, System.Int32)")]
    [InlineData("ResolverTargets.Calculator:Collections(*List<int>, *Dictionary<string, *List<int>>)", "ResolverTargets.Calculator:Collections(System.Collections.Generic.List`1[System.Int32], System.Collections.Generic.Dictionary`2[System.String,System.Collections.Generic.List`1[System.Int32]])")]
    [InlineData("ResolverTargets.Calculator:Arrays(*, *[,], *)", "ResolverTargets.Calculator:Arrays(System.Int32[], System.String[,], System.Int32[][])")]
    public void Parameter_list_selects_one_overload_with_keywords_or_full_names(string pattern, string expected)
    {
        Assert.Equal([expected], Names(pattern));
    }

    [Theory]
    [InlineData("ResolverTargets.Calculator:Add(int)")]
    [InlineData("ResolverTargets.Calculator:Add(Int32, Int32)")] // not a full name
    [InlineData("ResolverTargets.Calculator:Add(integer, integer)")] // unknown keyword: matches nothing, no error
    [InlineData("ResolverTargets.Calculator:Twice()")]
    [InlineData("ResolverTargets.calculator:Twice")] // case-sensitive
    [InlineData("ResolverTargets.Calculator:twice")]
    [InlineData("ResolverTargets.Calculator:Fill(int, string, double)")] // byref is part of the type
    public void Near_misses_match_nothing(string pattern)
    {
        Assert.Empty(Names(pattern));
    }

    [Fact]
    public void Empty_parameter_list_means_no_parameters()
    {
        Assert.Equal([$"{Calc}:.cctor()", $"{Calc}:.ctor()"], Names($"{Calc}:*ctor()"));
        Assert.Equal([$"{Calc}:.ctor()", $"{Calc}:.ctor(System.Int32)"], Names($"{Calc}:.ctor"));
    }

    [Fact]
    public void Constructors_static_constructor_and_accessors_by_name()
    {
        Assert.Equal([$"{Calc}:.cctor()"], Names($"{Calc}:.cctor"));
        Assert.Equal([$"{Calc}:get_Seed()", $"{Calc}:set_Seed(System.Int32)"], Names($"{Calc}:?et_Seed"));
        Assert.Equal([$"{Calc}:.ctor(System.Int32)"], Names($"{Calc}..ctor(int)")); // no-colon form keeps the dot of .ctor
    }

    [Fact]
    public void Wildcards_in_type_and_method_parts()
    {
        Assert.Equal([$"{Calc}:Twice(System.Int32)"], Names("Resolver*.Calc?lator:Tw*"));
        Assert.Equal(["ResolverTargets.Other.Gadget:Spin()"], Names("*.Other.*:S?in"));
    }

    [Fact]
    public void All_visibilities_static_and_instance_are_listed()
    {
        var names = Names($"{Calc}:*");
        Assert.Contains($"{Calc}:Secret()", names); // private
        Assert.Contains($"{Calc}:Twice(System.Int32)", names); // static
        Assert.Contains($"{Calc}:Hook()", names); // virtual
        Assert.Equal(names.Order(StringComparer.Ordinal), names); // stable, sorted order
    }

    [Fact]
    public void Abstract_interface_and_extern_methods_are_listed_too()
    {
        Assert.Equal(["ResolverTargets.Shape:Area()"], Names("ResolverTargets.Shape:Area"));
        Assert.Equal(["ResolverTargets.IWorker:Work()"], Names("ResolverTargets.IWorker:Work"));
        Assert.Equal(["ResolverTargets.NativeCalls:GetParentPid()"], Names("ResolverTargets.NativeCalls:GetParentPid"));
        Assert.Equal(["ResolverTargets.Point:ToString()"], Names("ResolverTargets.Point:ToString"));
    }

    [Fact]
    public void Nested_types_with_plus()
    {
        Assert.Equal(["ResolverTargets.Outer+Inner+Deepest:Dig()"], Names("ResolverTargets.Outer+Inner+Deepest:Dig"));
        Assert.Equal(["ResolverTargets.Outer+Inner+Deepest:Dig()"], Names("ResolverTargets.Outer+*:Dig"));
        Assert.Empty(Names("ResolverTargets.Outer.Inner.Deepest:Dig")); // a dot is not a plus
    }

    [Fact]
    public void Compiler_generated_types_are_included()
    {
        var names = Names("ResolverTargets.Worker+*");
        Assert.Contains(names, n => n.StartsWith("ResolverTargets.Worker+<RunAsync>d__", StringComparison.Ordinal) && n.Contains(":MoveNext()", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("ResolverTargets.Worker+<>c__DisplayClass", StringComparison.Ordinal));
    }

    [Fact]
    public void Generic_type_pattern_resolves_to_the_definition()
    {
        var describe = Assert.Single(OverTargets().Resolve("ResolverTargets.Box`1:Describe"));
        Assert.Equal("ResolverTargets.Box`1:Describe()", describe.Name);
        Assert.True(describe.Method.DeclaringType!.IsGenericTypeDefinition);
        Assert.Equal(["ResolverTargets.Box`1:Set(T)"], Names("ResolverTargets.Box`1:Set(T)"));
    }

    [Fact]
    public void Generic_type_arity_may_be_left_out_like_a_generic_methods()
    {
        Assert.Equal(["ResolverTargets.Box`1:Describe()"], Names("ResolverTargets.Box:Describe"));
        Assert.Equal(["ResolverTargets.Box`1+Lid:Close()"], Names("ResolverTargets.Box+Lid:Close"));
        Assert.Equal(["ResolverTargets.Pair`2:get_First()"], Names("ResolverTargets.Pair:get_First"));
        Assert.Empty(Names("ResolverTargets.Pair`1:get_First")); // a wrong arity is a different type
    }

    [Fact]
    public void An_exact_type_name_prefers_the_type_spelled_so_over_a_generic_namesake()
    {
        Assert.Equal(["ResolverTargets.Crate:Open()"], Names("ResolverTargets.Crate:Open()"));
        Assert.Equal(["ResolverTargets.Crate`1:Open()"], Names("ResolverTargets.Crate`1:Open()"));
        Assert.Equal(["ResolverTargets.Crate:Open()", "ResolverTargets.Crate`1:Open()"], Names("ResolverTargets.Crat?:Open()"));
    }

    [Fact]
    public void Generic_method_matches_with_or_without_its_arity()
    {
        var echoes = Names("ResolverTargets.Util:Echo");
        Assert.Equal(["ResolverTargets.Util:Echo(System.Int32)", "ResolverTargets.Util:Echo``1(T)"], echoes);
        Assert.Equal(["ResolverTargets.Util:Echo``1(T)"], Names("ResolverTargets.Util:Echo``1"));
        Assert.Equal(["ResolverTargets.Util:Echo``1(T)"], Names("ResolverTargets.Util:Echo(T)"));
        Assert.Equal(["ResolverTargets.Util:Echo(System.Int32)"], Names("ResolverTargets.Util:Echo(int)"));
        Assert.Equal(["ResolverTargets.Util:Convert``2(TIn, System.Func`2[TIn,TOut])"], Names("ResolverTargets.Util:Convert(TIn, System.Func<TIn, TOut>)"));
        Assert.True(OverTargets().Resolve("ResolverTargets.Util:Echo``1").Single().Method.IsGenericMethodDefinition);
    }

    [Fact]
    public void Pattern_without_colon_is_first_a_type_pattern()
    {
        var everyCalculatorMethod = Names($"{Calc}:*");
        Assert.Equal(everyCalculatorMethod, Names(Calc));
        Assert.Equal([.. Names("ResolverTargets.Other.Gadget:*")], Names("ResolverTargets.Other.*"));
        Assert.Contains("ResolverTargets.Outer+Inner+Deepest:Dig()", Names("ResolverTargets.Out*")); // '*' also reaches nested types
    }

    [Fact]
    public void Pattern_without_colon_that_names_no_type_is_split_at_the_last_dot()
    {
        Assert.Equal(Names($"{Calc}:Add"), Names($"{Calc}.Add"));
        Assert.Equal([$"{Calc}:Add(System.Int32, System.Int32)"], Names($"{Calc}.Add(int, int)"));
        Assert.Equal(Names($"{Calc}:Tw*"), Names($"{Calc}.Tw*"));
        Assert.Equal(["ResolverTargets.Outer+Inner+Deepest:Dig()"], Names("ResolverTargets.Outer+Inner+Deepest.Dig"));
    }

    [Fact]
    public void Type_reading_wins_when_a_type_matches()
    {
        // "ResolverTargets.Calc*" matches the type Calculator, so it means all of its methods, not methods named Calc*.
        Assert.Equal(Names($"{Calc}:*"), Names("ResolverTargets.Calc*"));
    }

    [Fact]
    public void Dotless_pattern_without_colon_is_only_a_type_pattern()
    {
        Assert.Empty(Names("Twice"));
        Assert.NotEmpty(Names("*Calculator"));
    }

    [Fact]
    public void Unicode_names_resolve()
    {
        Assert.Equal(["ResolverTargets.Ünïcødé:Grüße()"], Names("ResolverTargets.Ünïcødé:Grüße"));
        Assert.Equal(["ResolverTargets.Ünïcødé:Grüße()"], Names("*.Ü*:Gr??e()"));
    }

    [Fact]
    public void Results_are_in_a_stable_order()
    {
        var first = OverTargets().Resolve("ResolverTargets.*").Select(m => m.Name).ToArray();
        var second = new MethodResolver(() => [typeof(Calculator).Assembly]).Resolve("ResolverTargets.*").Select(m => m.Name).ToArray();
        Assert.Equal(first, second);

        // Ordered by type, then method and signature (so Box`1's methods come before those of its nested Box`1+Lid).
        var byTypeThenName = first.OrderBy(n => n[..n.IndexOf(':', StringComparison.Ordinal)], StringComparer.Ordinal).ThenBy(n => n, StringComparer.Ordinal);
        Assert.Equal(byTypeThenName, first);
    }

    [Fact]
    public void Concurrent_resolves_agree()
    {
        // gRPC calls may resolve at the same time; the lazily built catalog must give every caller the same answer.
        var resolver = OverTargets();
        var answers = new string[8][];
        Parallel.For(0, answers.Length, i => answers[i] = [.. resolver.Resolve(i % 2 == 0 ? "ResolverTargets.*" : null).Select(m => m.Name)]);
        for (var i = 2; i < answers.Length; i++)
        {
            Assert.Equal(answers[i % 2], answers[i]);
        }
    }

    [Fact]
    public void Methods_are_declared_only_not_inherited()
    {
        Assert.DoesNotContain(Names("ResolverTargets.Other.Gadget"), n => n.Contains(":GetHashCode", StringComparison.Ordinal));
    }

    [Fact]
    public void Results_carry_the_reflection_method_they_name()
    {
        foreach (var method in OverTargets().Resolve("ResolverTargets.*"))
        {
            Assert.Equal(method.Name, MethodResolver.CanonicalName(method.Method));
        }
    }
}

using System.Reflection;
using Instr.Agent.Resolution;
using Instr.Patching;
using ResolverTargets;

namespace Instr.Agent.Tests.Resolution;

/// <summary>Pins the canonical form of every kind of method and parameter (decisions documented on Instr.Patching.MethodNames).</summary>
public sealed class CanonicalNameTests
{
    private const BindingFlags All = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    [Fact]
    public void Static_method_uses_clr_full_names()
    {
        Assert.Equal("ResolverTargets.Calculator:Twice(System.Int32)", Name(typeof(Calculator), nameof(Calculator.Twice)));
    }

    [Fact]
    public void Overloads_differ_by_parameter_list_separated_by_comma_space()
    {
        var names = typeof(Calculator).GetMethods(All).Where(m => m.Name == "Add").Select(MethodResolver.CanonicalName).Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "ResolverTargets.Calculator:Add(System.Double, System.Double, System.Double)",
                "ResolverTargets.Calculator:Add(System.Int32, System.Int32)",
                "ResolverTargets.Calculator:Add(System.Int64, System.Int64)",
            ],
            names);
    }

    [Fact]
    public void Constructors_static_constructor_and_accessors()
    {
        Assert.Equal("ResolverTargets.Calculator:.ctor()", MethodResolver.CanonicalName(typeof(Calculator).GetConstructor(Type.EmptyTypes)!));
        Assert.Equal("ResolverTargets.Calculator:.ctor(System.Int32)", MethodResolver.CanonicalName(typeof(Calculator).GetConstructor([typeof(int)])!));
        Assert.Equal("ResolverTargets.Calculator:.cctor()", MethodResolver.CanonicalName(typeof(Calculator).TypeInitializer!));
        Assert.Equal("ResolverTargets.Calculator:get_Seed()", Name(typeof(Calculator), "get_Seed"));
        Assert.Equal("ResolverTargets.Calculator:set_Seed(System.Int32)", Name(typeof(Calculator), "set_Seed"));
    }

    [Fact]
    public void Byref_parameters_are_ampersand_whatever_the_modifier()
    {
        Assert.Equal("ResolverTargets.Calculator:Fill(System.Int32&, System.String&, System.Double&)", Name(typeof(Calculator), nameof(Calculator.Fill)));
    }

    [Fact]
    public void Arrays_single_multi_and_jagged()
    {
        Assert.Equal("ResolverTargets.Calculator:Arrays(System.Int32[], System.String[,], System.Int32[][])", Name(typeof(Calculator), nameof(Calculator.Arrays)));
        Assert.Equal("ResolverTargets.Calculator:Sum(System.Int32[])", Name(typeof(Calculator), nameof(Calculator.Sum)));
    }

    [Fact]
    public void Generic_instantiations_in_parameters_have_arity_and_unqualified_arguments()
    {
        Assert.Equal(
            "ResolverTargets.Calculator:Collections(System.Collections.Generic.List`1[System.Int32], System.Collections.Generic.Dictionary`2[System.String,System.Collections.Generic.List`1[System.Int32]])",
            Name(typeof(Calculator), nameof(Calculator.Collections)));
        Assert.Equal("ResolverTargets.Calculator:Nullables(System.Nullable`1[System.Int32], System.String)", Name(typeof(Calculator), nameof(Calculator.Nullables)));
    }

    [Fact]
    public void Pointer_and_multidimensional_lower_bound_types()
    {
        Assert.Equal("System.Int32*", MethodNames.TypeName(typeof(int).MakePointerType()));
        Assert.Equal("System.Int32**&", MethodNames.TypeName(typeof(int).MakePointerType().MakePointerType().MakeByRefType()));
        Assert.Equal("System.Int32[*]", MethodNames.TypeName(typeof(int).MakeArrayType(1)));
        Assert.Equal("System.Int32[,,]", MethodNames.TypeName(typeof(int).MakeArrayType(3)));
    }

    [Fact]
    public void Methods_of_generic_type_definitions_use_the_arity_and_parameter_names()
    {
        var box = typeof(Box<>);
        Assert.Equal("ResolverTargets.Box`1:Describe()", Name(box, "Describe"));
        Assert.Equal("ResolverTargets.Box`1:Set(T)", Name(box, "Set"));
        Assert.Equal("ResolverTargets.Box`1:Same(ResolverTargets.Box`1[T])", Name(box, "Same"));
        Assert.Equal("ResolverTargets.Box`1:Map``1(System.Func`2[T,TResult])", Name(box, "Map"));
    }

    [Fact]
    public void Methods_of_constructed_types_are_named_by_their_definition()
    {
        // The name a pattern resolves (and a patch of the definition counts every instantiation).
        Assert.Equal("ResolverTargets.Box`1:Set(T)", Name(typeof(Box<int>), "Set"));
        Assert.Equal("ResolverTargets.Box`1+Lid:Close()", Name(typeof(Box<string>.Lid), nameof(Box<string>.Lid.Close)));
    }

    [Fact]
    public void Generic_methods_carry_their_arity_and_instantiations_are_named_by_the_definition()
    {
        var echo = typeof(Util).GetMethods(All).Single(m => m.Name == "Echo" && m.IsGenericMethodDefinition);
        Assert.Equal("ResolverTargets.Util:Echo``1(T)", MethodResolver.CanonicalName(echo));
        Assert.Equal("ResolverTargets.Util:Echo``1(T)", MethodResolver.CanonicalName(echo.MakeGenericMethod(typeof(string))));
        Assert.Equal("ResolverTargets.Util:Convert``2(TIn, System.Func`2[TIn,TOut])", Name(typeof(Util), nameof(Util.Convert)));
        Assert.Equal("ResolverTargets.Box`1:Map``1(System.Func`2[T,TResult])", MethodResolver.CanonicalName(typeof(Box<int>).GetMethod("Map")!.MakeGenericMethod(typeof(long))));
    }

    [Fact]
    public void Types_in_notes_keep_their_arguments()
    {
        Assert.Equal("ResolverTargets.Box`1[System.String]", MethodNames.TypeName(typeof(Box<string>)));
        Assert.Equal("System.Collections.Generic.Dictionary`2[System.String,ResolverTargets.Box`1[System.Int32]]", MethodNames.TypeName(typeof(Dictionary<string, Box<int>>)));
    }

    [Fact]
    public void Nested_types_use_plus()
    {
        Assert.Equal("ResolverTargets.Outer+Inner+Deepest:Dig()", Name(typeof(Outer.Inner.Deepest), nameof(Outer.Inner.Deepest.Dig)));
        Assert.Equal("ResolverTargets.Box`1+Lid:Close()", Name(typeof(Box<>.Lid), nameof(Box<int>.Lid.Close)));
    }

    [Fact]
    public void Dynamic_method_without_declaring_type_uses_module_placeholder()
    {
        var dynamicMethod = new System.Reflection.Emit.DynamicMethod("Made", typeof(int), [typeof(string)]);
        Assert.Equal("<Module>:Made(System.String)", MethodResolver.CanonicalName(dynamicMethod));
    }

    [Fact]
    public void Null_method_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => MethodResolver.CanonicalName(null!));
    }

    private static string Name(Type type, string method) => MethodResolver.CanonicalName(type.GetMethods(All).Single(m => m.Name == method));
}

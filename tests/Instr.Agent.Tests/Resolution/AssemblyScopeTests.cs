using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Instr.Agent.Resolution;
using ResolverTargets.Other;
using Xunit.Abstractions;

namespace Instr.Agent.Tests.Resolution;

/// <summary>Which assemblies are searched: the app's yes, the framework only when asked, the agent's never;
/// dynamic, partly loadable and collectible assemblies without crashing or leaking.</summary>
public sealed class AssemblyScopeTests(ITestOutputHelper output)
{
    private static MethodResolver OverProcess() => new();

    [Fact]
    public void Exact_framework_type_names_resolve_without_include_framework()
    {
        var max = Assert.Single(OverProcess().Resolve("System.Math:Max(int, int)"));
        Assert.Equal("System.Math:Max(System.Int32, System.Int32)", max.Name);
        Assert.Equal("System.Private.CoreLib", max.Assembly);
        Assert.Equal(max.Name, Assert.Single(OverProcess().Resolve("System.Math.Max(int, int)")).Name);
        Assert.Equal(max.Method, Assert.Single(OverProcess().Resolve("System.Math:Max(int, int)", includeFramework: true)).Method);

        // A type pattern without ':' that names a framework type exactly: every method of that type.
        var stringMethods = OverProcess().Resolve("System.String");
        Assert.Contains(stringMethods, m => m.Name == "System.String:IsNullOrEmpty(System.String)");
        Assert.All(stringMethods, m => Assert.StartsWith("System.String:", m.Name, StringComparison.Ordinal));

        // The arity may be left out of an exact name as well.
        Assert.Contains(OverProcess().Resolve("System.Collections.Generic.List:Add"), m => m.Name == "System.Collections.Generic.List`1:Add(T)");
    }

    [Theory]
    [InlineData("System.Mat?:Max(int, int)")]
    [InlineData("System.*:Max(int, int)")]
    [InlineData("*.Math:Max(int, int)")]
    [InlineData("System.Mat*.Max(int, int)")]
    public void Type_globs_reach_the_framework_only_with_include_framework(string pattern)
    {
        Assert.Empty(OverProcess().Resolve(pattern));
        Assert.Contains(OverProcess().Resolve(pattern, includeFramework: true), m => m.Name == "System.Math:Max(System.Int32, System.Int32)");
        Assert.True(MethodPattern.Parse(pattern).GlobsTypes);
    }

    [Theory]
    [InlineData("System.Math:Max")]
    [InlineData("System.Math:M*")]
    [InlineData("System.Math.Max(int, int)")]
    [InlineData("System.Numerics.BigInteger:Parse")]
    public void Exact_type_parts_are_not_type_globs(string pattern) => Assert.False(MethodPattern.Parse(pattern).GlobsTypes);

    [Fact]
    public void Shared_framework_assemblies_are_recognised_and_app_assemblies_are_not()
    {
        Assert.True(AssemblyFilter.IsFramework(typeof(object).Assembly));
        Assert.True(AssemblyFilter.IsFramework(typeof(Enumerable).Assembly));
        Assert.True(AssemblyFilter.IsFramework(typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly)); // the sibling AspNetCore.App dir
        Assert.False(AssemblyFilter.IsFramework(typeof(Gadget).Assembly));
        Assert.False(AssemblyFilter.IsFramework(typeof(FactAttribute).Assembly)); // a NuGet package is the app's, not the framework
    }

    [Fact]
    public void The_agents_own_code_is_never_listed()
    {
        var agent = typeof(MethodResolver).Assembly;
        var resolver = new MethodResolver(() => [agent, typeof(Gadget).Assembly]);
        Assert.Empty(resolver.Resolve("Instr.Agent.Resolution.*", includeFramework: true));
        Assert.DoesNotContain(resolver.Resolve(null, includeFramework: true), m => m.Assembly == "Instr.Agent");
        Assert.DoesNotContain(OverProcess().Resolve(null), m => m.Assembly is "Instr.Agent" or "Instr.Patching");
        Assert.True(AssemblyFilter.IsAgentCode(agent));
        Assert.False(AssemblyFilter.IsAgentCode(typeof(Gadget).Assembly)); // test assemblies hold the targets
    }

    [Fact]
    public void An_agent_in_a_private_load_context_skips_every_assembly_of_that_context()
    {
        // As in production: the agent's assembly lives in its own context, next to its private dependencies
        // (here a second copy of SampleTarget stands for those); the app's copy lives in the default context.
        var context = new AssemblyLoadContext("agent-like", isCollectible: true);
        try
        {
            var agentCopy = context.LoadFromAssemblyPath(typeof(MethodResolver).Assembly.Location);
            var privateCopy = context.LoadFromAssemblyPath(typeof(global::SampleTarget.Modules.ModuleA).Assembly.Location);
            var resolverType = agentCopy.GetType(typeof(MethodResolver).FullName!, throwOnError: true)!;
            var resolver = Activator.CreateInstance(resolverType, nonPublic: true)!;
            var resolve = resolverType.GetMethod(nameof(MethodResolver.Resolve), [typeof(string), typeof(bool)])!;
            IEnumerable<MethodBase> Resolve(string pattern) =>
                ((System.Collections.IEnumerable)resolve.Invoke(resolver, [pattern, true])!).Cast<object>()
                    .Select(r => (MethodBase)r.GetType().GetProperty("Method")!.GetValue(r)!);

            var funcA1 = Assert.Single(Resolve("SampleTarget.Modules.ModuleA:FuncA1"));
            Assert.Same(typeof(global::SampleTarget.Modules.ModuleA).Assembly, funcA1.Module.Assembly);
            Assert.NotSame(privateCopy, funcA1.Module.Assembly);
            Assert.Empty(Resolve("Instr.Agent.Resolution.*"));
            Assert.Empty(Resolve("Instr.Agent.Services.*"));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Dynamic_assembly_is_searched_and_gains_types_later()
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("DynamicTargets"), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("DynamicTargets");
        DefineType(module, "DynamicTargets.First");
        _ = module.DefineType("DynamicTargets.Unfinished", TypeAttributes.Public); // never created: must not crash

        var resolver = new MethodResolver(() => [assembly]);
        Assert.Equal(["DynamicTargets.First:Run(System.Int32)"], resolver.Resolve("DynamicTargets.*:Run").Select(m => m.Name));

        DefineType(module, "DynamicTargets.Second");
        Assert.Equal(["DynamicTargets.First:Run(System.Int32)", "DynamicTargets.Second:Run(System.Int32)"], resolver.Resolve("DynamicTargets.*:Run").Select(m => m.Name));
    }

    [Fact]
    public void Partly_loadable_assembly_gives_its_loadable_types()
    {
        var broken = new PartlyLoadableAssembly();
        var found = Assert.Single(new MethodResolver(() => [broken]).Resolve("ResolverTargets.Other.Gadget:Spin"));
        Assert.Equal("Broken", found.Assembly);
    }

    [Fact]
    public void Collectible_assembly_is_resolved_and_not_kept_alive_by_the_cache()
    {
        var context = ResolveInCollectibleContext();
        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(context.IsAlive, "the resolver's cache kept an unloaded load context alive");
    }

    [Fact]
    public void Everything_including_the_framework_resolves_and_is_cached_per_assembly()
    {
        var resolver = OverProcess();
        var clock = Stopwatch.StartNew();
        var cold = resolver.Resolve("*", includeFramework: true);
        var coldTime = clock.Elapsed;
        clock.Restart();
        var warm = resolver.Resolve("System.String:Concat", includeFramework: true);
        var warmTime = clock.Elapsed;
        clock.Restart();
        var everything = resolver.Resolve(null, includeFramework: true);
        var everythingTime = clock.Elapsed;

        var assemblies = cold.Select(m => m.Assembly).Distinct().Count();
        output.WriteLine($"{cold.Count} methods in {assemblies} assemblies: first resolve {coldTime.TotalMilliseconds:0} ms, pattern over the cache {warmTime.TotalMilliseconds:0} ms, list everything {everythingTime.TotalMilliseconds:0} ms");
        Assert.True(everything.Count >= cold.Count, "reading signatures may load more assemblies, never fewer methods");
        Assert.Contains(warm, m => m.Name == "System.String:Concat(System.String, System.String)");
        Assert.All(warm, m => Assert.StartsWith("System.String:Concat", m.Name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("System.Linq.*")]
    [InlineData("System.Collections.Generic.*")]
    [InlineData("System.String")]
    [InlineData("System.Span`1")]
    [InlineData("System.Runtime.CompilerServices.Unsafe")]
    [InlineData("System.Buffers.*")]
    [InlineData("System.Runtime.InteropServices.*")]
    [InlineData("System.Threading.Tasks.*")]
    public void Names_read_from_metadata_equal_the_names_of_the_reflection_methods(string pattern)
    {
        // Names come from metadata signatures (fast, nothing loaded); they must be exactly CanonicalName(method).
        var methods = OverProcess().Resolve(pattern, includeFramework: true);
        Assert.NotEmpty(methods);
        Assert.All(methods, m => Assert.Equal(MethodResolver.CanonicalName(m.Method), m.Name));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ResolveInCollectibleContext()
    {
        var context = new AssemblyLoadContext("collectible-targets", isCollectible: true);
        var sample = context.LoadFromAssemblyPath(typeof(global::SampleTarget.Modules.ModuleA).Assembly.Location);
        var found = new MethodResolver(() => [sample]).Resolve("SampleTarget.Modules.ModuleA:FuncA1");
        Assert.Equal("SampleTarget.Modules.ModuleA:FuncA1(System.Int32)", Assert.Single(found).Name);
        Assert.Same(sample, found[0].Method.DeclaringType!.Assembly);
        context.Unload();
        return new WeakReference(context);
    }

    private static void DefineType(ModuleBuilder module, string name)
    {
        var type = module.DefineType(name, TypeAttributes.Public);
        var run = type.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.Static, typeof(int), [typeof(int)]);
        var il = run.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ret);
        type.CreateType();
    }

    /// <summary>An assembly whose GetTypes fails part-way, as one with a missing dependency does.</summary>
    private sealed class PartlyLoadableAssembly : Assembly
    {
        public override string Location => string.Empty;

        public override AssemblyName GetName() => new("Broken");

        public override Type[] GetTypes() =>
            throw new ReflectionTypeLoadException([typeof(Gadget), null], [new TypeLoadException("a dependency is missing")]);
    }
}

using System.Reflection;
using SampleTarget.Modules;

namespace SampleTarget;

/// <summary>One thing the loop can call: its canonical name (the <c>method</c> tag of <c>sample.calls</c>; a test
/// checks it against the agent's MethodResolver.CanonicalName), the method that actually runs, and the call itself,
/// which returns the ground-truth slots of the constructors it ran (empty but for the Create methods).</summary>
internal sealed record Callable(string Name, MethodBase Method, Func<Random, int[]> Invoke)
{
    private static readonly int[] s_noConstructors = [];

    /// <summary>A call that runs no constructor of a module class.</summary>
    public static Callable Of(string name, MethodBase method, Action<Random> call) =>
        new(name, method, random =>
        {
            call(random);
            return s_noConstructors;
        });

    /// <summary>A Create method: the type of the object it returns tells which constructors ran.</summary>
    public static Callable Creating(string name, MethodBase method, Func<Random, object> create) =>
        new(name, method, random => Callables.ConstructorSlotsOf(create(random).GetType()));
}

/// <summary>A method the loop does not call itself but whose calls it knows exactly: a constructor that a Create
/// method runs (a derived class's constructor runs its base class's constructor too).</summary>
internal sealed record Constructor(string Name, ConstructorInfo Method);

/// <summary>The fixed set of callables, in a fixed order (index = ground-truth slot), and after them the constructors
/// they run (slots <c>All.Count</c> on). Each entry's name, method and call sit side by side so that a mismatch is
/// visible at a glance.</summary>
internal static class Callables
{
    private const string Ns = "SampleTarget.Modules.";

    // Shared instances: Accumulate is thread-safe; Describe is called through base references.
    private static readonly ModuleA.ClassA1 s_a1 = new();
    private static readonly ModuleB.ClassB1 s_b1 = new();
    private static readonly ModuleC.ClassC1 s_c1 = new();
    private static readonly ModuleD.ClassD1 s_d1 = new();
    private static readonly ModuleA.ClassA1 s_a1Derived = new ModuleA.ClassA1Derived();
    private static readonly ModuleB.ClassB1 s_b1Derived = new ModuleB.ClassB1Derived();
    private static readonly ModuleC.ClassC1 s_c1Derived = new ModuleC.ClassC1Derived();
    private static readonly ModuleD.ClassD1 s_d1Derived = new ModuleD.ClassD1Derived();

    public static IReadOnlyList<Callable> All { get; } =
    [
        Callable.Of(Ns + "ModuleA:FuncA1(System.Int32)", Method(typeof(ModuleA), nameof(ModuleA.FuncA1)), r => ModuleA.FuncA1(r.Next(1000))),
        Callable.Of(Ns + "ModuleA:FuncA2(System.String)", Method(typeof(ModuleA), nameof(ModuleA.FuncA2)), r => ModuleA.FuncA2(Word(r))),
        Callable.Of(Ns + "ModuleA+ClassA1:Accumulate(System.Int32)", Method(typeof(ModuleA.ClassA1), nameof(ModuleA.ClassA1.Accumulate)), r => s_a1.Accumulate(r.Next(10))),
        Callable.Creating(Ns + "ModuleA+ClassA1:Create(System.String)", Method(typeof(ModuleA.ClassA1), nameof(ModuleA.ClassA1.Create)), r => ModuleA.ClassA1.Create(Word(r))),
        Callable.Of(Ns + "ModuleA+ClassA1:Describe()", Method(typeof(ModuleA.ClassA1), nameof(ModuleA.ClassA1.Describe)), _ => s_a1.Describe()),
        Callable.Of(Ns + "ModuleA+ClassA1Derived:Describe()", Method(typeof(ModuleA.ClassA1Derived), nameof(ModuleA.ClassA1Derived.Describe)), _ => s_a1Derived.Describe()),

        Callable.Of(Ns + "ModuleB:FuncB1(System.Int64, System.Int64)", Method(typeof(ModuleB), nameof(ModuleB.FuncB1)), r => ModuleB.FuncB1(r.NextInt64(1000), r.NextInt64(1000))),
        Callable.Of(Ns + "ModuleB:FuncB2(System.Double[])", Method(typeof(ModuleB), nameof(ModuleB.FuncB2)), r => ModuleB.FuncB2([r.NextDouble(), r.NextDouble()])),
        Callable.Of(Ns + "ModuleB+ClassB1:Accumulate(System.Int32)", Method(typeof(ModuleB.ClassB1), nameof(ModuleB.ClassB1.Accumulate)), r => s_b1.Accumulate(r.Next(10))),
        Callable.Creating(Ns + "ModuleB+ClassB1:Create(System.String)", Method(typeof(ModuleB.ClassB1), nameof(ModuleB.ClassB1.Create)), r => ModuleB.ClassB1.Create(Word(r))),
        Callable.Of(Ns + "ModuleB+ClassB1:Describe()", Method(typeof(ModuleB.ClassB1), nameof(ModuleB.ClassB1.Describe)), _ => s_b1.Describe()),
        Callable.Of(Ns + "ModuleB+ClassB1Derived:Describe()", Method(typeof(ModuleB.ClassB1Derived), nameof(ModuleB.ClassB1Derived.Describe)), _ => s_b1Derived.Describe()),

        Callable.Of(Ns + "ModuleC:FuncC1(System.Boolean)", Method(typeof(ModuleC), nameof(ModuleC.FuncC1)), r => ModuleC.FuncC1(r.Next(2) == 0)),
        Callable.Of(Ns + "ModuleC:FuncC2(System.Int32&)", Method(typeof(ModuleC), nameof(ModuleC.FuncC2)), FuncC2),
        Callable.Of(Ns + "ModuleC:FetchAsync(System.Int32)", Method(typeof(ModuleC), nameof(ModuleC.FetchAsync)), r => ModuleC.FetchAsync(r.Next(100)).GetAwaiter().GetResult()),
        Callable.Of(Ns + "ModuleC+ClassC1:Accumulate(System.Int32)", Method(typeof(ModuleC.ClassC1), nameof(ModuleC.ClassC1.Accumulate)), r => s_c1.Accumulate(r.Next(10))),
        Callable.Creating(Ns + "ModuleC+ClassC1:Create(System.String)", Method(typeof(ModuleC.ClassC1), nameof(ModuleC.ClassC1.Create)), r => ModuleC.ClassC1.Create(Word(r))),
        Callable.Of(Ns + "ModuleC+ClassC1:Describe()", Method(typeof(ModuleC.ClassC1), nameof(ModuleC.ClassC1.Describe)), _ => s_c1.Describe()),
        Callable.Of(Ns + "ModuleC+ClassC1Derived:Describe()", Method(typeof(ModuleC.ClassC1Derived), nameof(ModuleC.ClassC1Derived.Describe)), _ => s_c1Derived.Describe()),

        Callable.Of(Ns + "ModuleD:FuncD1()", Method(typeof(ModuleD), nameof(ModuleD.FuncD1)), _ => ModuleD.FuncD1()),
        Callable.Of(Ns + "ModuleD:FuncD2(System.Collections.Generic.List`1[System.Int32])", Method(typeof(ModuleD), nameof(ModuleD.FuncD2)), r => ModuleD.FuncD2([r.Next(), r.Next()])),
        Callable.Of(Ns + "ModuleD:Echo``1(T)", Method(typeof(ModuleD), nameof(ModuleD.Echo)), Echo),
        Callable.Of(Ns + "ModuleD+ClassD1:Accumulate(System.Int32)", Method(typeof(ModuleD.ClassD1), nameof(ModuleD.ClassD1.Accumulate)), r => s_d1.Accumulate(r.Next(10))),
        Callable.Creating(Ns + "ModuleD+ClassD1:Create(System.String)", Method(typeof(ModuleD.ClassD1), nameof(ModuleD.ClassD1.Create)), r => ModuleD.ClassD1.Create(Word(r))),
        Callable.Of(Ns + "ModuleD+ClassD1:Describe()", Method(typeof(ModuleD.ClassD1), nameof(ModuleD.ClassD1.Describe)), _ => s_d1.Describe()),
        Callable.Of(Ns + "ModuleD+ClassD1Derived:Describe()", Method(typeof(ModuleD.ClassD1Derived), nameof(ModuleD.ClassD1Derived.Describe)), _ => s_d1Derived.Describe()),
    ];

    /// <summary>The constructors the Create methods run, each with the canonical name of its ground-truth series.</summary>
    public static IReadOnlyList<Constructor> Constructors { get; } =
    [
        Ctor(typeof(ModuleA.ClassA1)), Ctor(typeof(ModuleA.ClassA1Derived)),
        Ctor(typeof(ModuleB.ClassB1)), Ctor(typeof(ModuleB.ClassB1Derived)),
        Ctor(typeof(ModuleC.ClassC1)), Ctor(typeof(ModuleC.ClassC1Derived)),
        Ctor(typeof(ModuleD.ClassD1)), Ctor(typeof(ModuleD.ClassD1Derived)),
    ];

    /// <summary>The name of every ground-truth slot: the callables, then the constructors.</summary>
    public static IReadOnlyList<string> CountedNames { get; } = [.. All.Select(c => c.Name), .. Constructors.Select(c => c.Name)];

    // For each class a Create method can return: the slots of every constructor that ran to make it (its own, and
    // its base class's, which a derived class's constructor calls).
    private static readonly Dictionary<Type, int[]> s_constructorsRun = Constructors.ToDictionary(
        c => c.Method.DeclaringType!,
        c => Constructors.Select((candidate, index) => (candidate, Slot: All.Count + index))
            .Where(pair => pair.candidate.Method.DeclaringType!.IsAssignableFrom(c.Method.DeclaringType))
            .Select(pair => pair.Slot)
            .ToArray());

    /// <summary>The slots of the constructors that ran to make an object of type <paramref name="made"/>.</summary>
    public static int[] ConstructorSlotsOf(Type made) => s_constructorsRun[made];

    private static Constructor Ctor(Type type) =>
        new($"{type.FullName}:.ctor()", type.GetConstructor(Type.EmptyTypes) ?? throw new InvalidOperationException($"{type.FullName} has no parameterless constructor"));

    private static void FuncC2(Random random)
    {
        var counter = random.Next(100);
        ModuleC.FuncC2(ref counter);
    }

    /// <summary>Both a value-type and a reference-type instantiation (separate code vs shared generic code).</summary>
    private static void Echo(Random random)
    {
        if (random.Next(2) == 0)
        {
            ModuleD.Echo(random.Next());
        }
        else
        {
            ModuleD.Echo(Word(random));
        }
    }

    private static string Word(Random random) => random.Next(4) switch
    {
        0 => "alpha",
        1 => "beta",
        2 => "gamma",
        _ => string.Empty,
    };

    private static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        ?? throw new InvalidOperationException($"{type.FullName}.{name} is missing");
}

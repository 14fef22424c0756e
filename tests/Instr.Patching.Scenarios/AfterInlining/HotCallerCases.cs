using System.Numerics;
using System.Reflection;

namespace Instr.Patching.Scenarios.AfterInlining;

/// <summary>The "patched after its callers inlined it" scenarios of the issue's list, one process each.</summary>
internal static class HotCallerCases
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
    private const int LoopIterations = 2_000_000;

    private static readonly string[] s_digits = [.. Enumerable.Range(1000, 16).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public static IReadOnlyDictionary<string, Func<HotCallerCase>> All { get; } = new Dictionary<string, Func<HotCallerCase>>
    {
        ["inlined-virtual-via-base"] = VirtualViaBase,
        ["inlined-interface"] = Interface,
        ["inlined-struct-method"] = StructMethod,
        ["inlined-ctor"] = Constructor,
        ["inlined-framework-forwarder"] = FrameworkForwarder,
        ["inlined-osr-loop"] = OsrLoop,
        ["inlined-getter-generic-caller"] = GetterInGenericCaller,
        ["inlined-through-wrapper"] = ThroughWrapper,
        ["inlined-before-engine-start"] = BeforeEngineStart,
        ["inlined-r2r-framework-caller"] = ReadyToRunFrameworkCaller,
        ["inlined-generic-caller"] = GenericCaller,
        ["inlined-struct-caller"] = StructCaller,
    };

    private static MethodInfo M(Type type, string name) => type.GetMethod(name, Any) ?? throw new MissingMethodException(type.Name, name);

    private static MethodInfo Getter(Type type, string property) =>
        type.GetProperty(property, Any)?.GetMethod ?? throw new MissingMethodException(type.Name, "get_" + property);

    // Guarded devirtualization: the site in LegsTwice only ever sees a Dog.
    private static HotCallerCase VirtualViaBase()
    {
        Animal dog = new Dog();
        MethodInfo legs = M(typeof(Dog), nameof(Dog.Legs));
        return new("inlined-virtual-via-base", legs, [new(M(typeof(HotCallers), nameof(HotCallers.LegsTwice)), legs)],
            i => HotCallers.LegsTwice(dog, i & 15), i => ((i & 15) + 4) * 2);
    }

    private static HotCallerCase Interface()
    {
        IArea shape = new Square(15);
        MethodInfo area = M(typeof(Square), nameof(Square.Area));
        return new("inlined-interface", area, [new(M(typeof(HotCallers), nameof(HotCallers.AreaPlusOne)), area)],
            i => HotCallers.AreaPlusOne(shape, i), i => (15L * i) + 1);
    }

    private static HotCallerCase StructMethod()
    {
        MethodInfo sum = M(typeof(Coord), nameof(Coord.Sum));
        return new("inlined-struct-method", sum, [new(M(typeof(HotCallers), nameof(HotCallers.CoordSum)), sum)],
            i => HotCallers.CoordSum(i), i => i + 3L);
    }

    private static HotCallerCase Constructor()
    {
        ConstructorInfo ctor = typeof(Ticket).GetConstructor([typeof(int)])!;
        return new("inlined-ctor", ctor, [new(M(typeof(HotCallers), nameof(HotCallers.Issue)), ctor)],
            i => HotCallers.Issue(i), i => i * 3L);
    }

    private static HotCallerCase FrameworkForwarder()
    {
        MethodInfo parse = typeof(BigInteger).GetMethod(nameof(BigInteger.Parse), [typeof(string)])!;
        return new("inlined-framework-forwarder", parse, [new(M(typeof(HotCallers), nameof(HotCallers.ParseBig)), parse)],
            i => HotCallers.ParseBig(s_digits[i & 15]), i => 1000L + (i & 15), CallsPerThread: 20_000);
    }

    // LoopSum runs 1 + 4 x 2 times in all: far below the 30 calls that would take it to Tier1, so every call enters
    // its Tier0 code and reaches the OSR body compiled during the first call.
    private static HotCallerCase OsrLoop()
    {
        MethodInfo step = M(typeof(Loops), nameof(Loops.Step));
        return new("inlined-osr-loop", step, [new(M(typeof(Loops), nameof(Loops.LoopSum)), step, CallerCode.OsrBody)],
            _ => Loops.LoopSum(LoopIterations), _ => LoopIterations / 8 * 36L,
            PatchedCallsPerCall: LoopIterations, CallsPerThread: 2, WarmUp: WarmUp.OneLongCall);
    }

    private static HotCallerCase GetterInGenericCaller()
    {
        var light = new Parcel(7);
        var heavy = new Parcel(40);
        MethodInfo weight = Getter(typeof(Parcel), nameof(Parcel.Weight));
        MethodInfo caller = M(typeof(HotCallers), nameof(HotCallers.WeightWith));
        return new("inlined-getter-generic-caller", weight,
            [new(caller.MakeGenericMethod(typeof(int)), weight), new(caller.MakeGenericMethod(typeof(string)), weight)],
            i => (i & 1) == 0 ? HotCallers.WeightWith(i, light) : HotCallers.WeightWith("tag", heavy),
            i => (i & 1) == 0 ? 8 : 41);
    }

    private static HotCallerCase ThroughWrapper()
    {
        MethodInfo core = M(typeof(Wrapped), nameof(Wrapped.Core));
        MethodInfo hot = M(typeof(Wrapped), nameof(Wrapped.Hot));
        return new("inlined-through-wrapper", core, [new(hot, M(typeof(Wrapped), nameof(Wrapped.Wrapper))), new(hot, core)],
            i => Wrapped.Hot(i), i => (10L * i) + 5, PatchedCallsPerCall: 2);
    }

    // The attach case: the callers were hot before the engine's JIT hook existed.
    private static HotCallerCase BeforeEngineStart()
    {
        MethodInfo bump = M(typeof(BeforeEngine), nameof(BeforeEngine.Bump));
        return new("inlined-before-engine-start", bump, [new(M(typeof(BeforeEngine), nameof(BeforeEngine.Hot)), bump)],
            i => BeforeEngine.Hot(i), i => (i + 7L) * 2, EngineStartsAfterWarmUp: true);
    }

    // A public CoreLib (ReadyToRun) method whose hot Tier1 code inlines a public CoreLib method it calls exactly once per
    // call: Guid.Parse(string) → Guid.Parse(ReadOnlySpan<char>), which nothing else in this process calls. The user code
    // calling Guid.Parse(string) is compiled without optimization, so it calls that method's own code instead of
    // inlining it (and the span overload with it). The expected values are built without parsing.
    private static HotCallerCase ReadyToRunFrameworkCaller()
    {
        Guid[] values = [.. Enumerable.Range(0, 16).Select(n => new Guid(n * 7919, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte)n))];
        string[] texts = [.. values.Select(v => v.ToString())];
        MethodInfo parseString = typeof(Guid).GetMethod(nameof(Guid.Parse), [typeof(string)])!;
        MethodInfo parseSpan = typeof(Guid).GetMethod(nameof(Guid.Parse), [typeof(ReadOnlySpan<char>)])!;
        MethodInfo userCaller = M(typeof(FrameworkCallers), nameof(FrameworkCallers.ParseGuid));
        return new("inlined-r2r-framework-caller", parseSpan, [new(parseString, parseSpan), new(userCaller, parseString, CallerCode.EntryCallsIt)],
            i => FrameworkCallers.ParseGuid(texts[i & 15]) == values[i & 15] ? i & 15 : -1, i => i & 15,
            CallsPerThread: 20_000, WitnessDuringCalls: false);
    }

    private static HotCallerCase GenericCaller()
    {
        var ints = new Scale<int>();
        var texts = new Scale<string>();
        var intCrate = new Crate<int>(1, 10);
        var textCrate = new Crate<string>("a", 20);
        MethodInfo weight = Getter(typeof(Crate<>), "Weight");
        return new("inlined-generic-caller", weight,
            [new(M(typeof(Scale<int>), nameof(Scale<int>.Weigh)), weight), new(M(typeof(Scale<string>), nameof(Scale<string>.Weigh)), weight)],
            i => (i & 1) == 0 ? ints.Weigh(intCrate) : texts.Weigh(textCrate), i => (i & 1) == 0 ? 11 : 21);
    }

    private static HotCallerCase StructCaller()
    {
        MethodInfo distance = M(typeof(Trips), nameof(Trips.Distance));
        return new("inlined-struct-caller", distance, [new(M(typeof(Odometer), nameof(Odometer.Reading)), distance)],
            i => new Odometer(5).Reading(i), i => (i * 4L) + 7);
    }
}

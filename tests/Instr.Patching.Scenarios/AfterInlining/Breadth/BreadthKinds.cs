using System.Reflection;

namespace Instr.Patching.Scenarios.AfterInlining.Breadth;

/// <summary>The method kinds detour libraries' own test suites exercise, each behind its own hot dispatcher.</summary>
internal static class BreadthKinds
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    public static IReadOnlyList<BreadthKind> All { get; } =
    [
        Kind("ref-return", M(typeof(RefReturns), nameof(RefReturns.Pick)), nameof(Dispatchers.RefReturn), Dispatchers.RefReturn),
        Kind("span-parameter", M(typeof(Spans), nameof(Spans.Sum)), nameof(Dispatchers.SpanParameter), Dispatchers.SpanParameter),
        Kind("ref-struct-method", M(typeof(Window), nameof(Window.Weighted)), nameof(Dispatchers.RefStructMethod), Dispatchers.RefStructMethod),
        // Two instantiations per call: Echo<int> (its own code) and Echo<string> (shared code); the definition is patched.
        // Through the base type the JIT keeps the generic virtual call (a runtime lookup of the target, then an
        // indirect call): nothing is inlined, the calls reach the instantiations' code through that lookup.
        Kind("generic-virtual", M(typeof(EchoDerived), nameof(EchoDerived.Echo)), nameof(Dispatchers.GenericVirtual), Dispatchers.GenericVirtual, _ => 2,
            whyNotInlined: "a generic virtual call through the base type stays a runtime lookup plus an indirect call"),
        // On the sealed type the JIT devirtualizes the same call and inlines both instantiations.
        Kind("generic-virtual-on-sealed", M(typeof(SealedEcho), nameof(SealedEcho.Echo)), nameof(Dispatchers.GenericVirtualOnSealed), Dispatchers.GenericVirtualOnSealed, _ => 2),
        Kind("default-interface-member", M(typeof(IGreeting), nameof(IGreeting.Greet)), nameof(Dispatchers.DefaultInterfaceMember), Dispatchers.DefaultInterfaceMember),
        Kind("static-abstract-operator", M(typeof(Cents), "op_Addition"), nameof(Dispatchers.StaticAbstractOperator), Dispatchers.StaticAbstractOperator),
        Kind("iterator-kickoff", M(typeof(Generated), nameof(Generated.Countdown)), nameof(Dispatchers.IteratorKickoff), Dispatchers.IteratorKickoff),
        Kind("async-valuetask-kickoff", M(typeof(Generated), nameof(Generated.AddLaterAsync)), nameof(Dispatchers.AsyncValueTaskKickoff), Dispatchers.AsyncValueTaskKickoff),
        Kind("lambda", Generated.Triple.Method, nameof(Dispatchers.Lambda), Dispatchers.Lambda),
        Kind("local-function", typeof(Dispatchers).GetMethods(Any).Single(m => m.Name.Contains("g__Square", StringComparison.Ordinal)),
            nameof(Dispatchers.LocalFunction), Dispatchers.LocalFunction),
        Kind("stackalloc", M(typeof(StackBuffers), nameof(StackBuffers.Spread)), nameof(Dispatchers.Stackalloc), Dispatchers.Stackalloc),
        Kind("eighteen-parameters", M(typeof(ManyParameters), nameof(ManyParameters.Mix)), nameof(Dispatchers.EighteenParameters), Dispatchers.EighteenParameters),
        Kind("explicit-interface", typeof(Tally).GetInterfaceMap(typeof(ITally)).TargetMethods[0], nameof(Dispatchers.ExplicitInterface), Dispatchers.ExplicitInterface),
        Kind("indexer", typeof(Grid).GetProperty("Item")!.GetMethod!, nameof(Dispatchers.Indexer), Dispatchers.Indexer),
        Kind("in-parameters", M(typeof(InParameters), nameof(InParameters.Dot)), nameof(Dispatchers.InParameters), Dispatchers.InParameters),
        Kind("nullable-return", M(typeof(Returns), nameof(Returns.Half)), nameof(Dispatchers.NullableReturn), Dispatchers.NullableReturn),
        Kind("tuple-return", M(typeof(Returns), nameof(Returns.Order)), nameof(Dispatchers.TupleReturn), Dispatchers.TupleReturn),
        Kind("generic-struct-method", M(typeof(Pair<long>), nameof(Pair<long>.Pick)), nameof(Dispatchers.GenericStructMethod), Dispatchers.GenericStructMethod),
        Kind("exception-filter", M(typeof(ControlFlow), nameof(ControlFlow.Guarded)), nameof(Dispatchers.ExceptionFilter), Dispatchers.ExceptionFilter),
        // Depth(n) runs n/2 + 1 times for n = i & 7 (OtherDepth in between).
        Kind("mutual-recursion", M(typeof(ControlFlow), nameof(ControlFlow.Depth)), nameof(Dispatchers.MutualRecursion), Dispatchers.MutualRecursion,
            i => ((i & 7) / 2) + 1),
    ];

    private static BreadthKind Kind(
        string name, MethodBase patch, string dispatcher, Func<int, long> call, Func<int, long>? patchedCalls = null, string? whyNotInlined = null) =>
        new(name, patch, M(typeof(Dispatchers), dispatcher), call, patchedCalls ?? (_ => 1), whyNotInlined is null, whyNotInlined);

    private static MethodInfo M(Type type, string name) => type.GetMethod(name, Any) ?? throw new MissingMethodException(type.Name, name);
}

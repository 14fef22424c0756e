using System.Reflection;

namespace Instr.Patching.Scenarios;

// Method kinds: each patched, then called from 4 threads; the count must equal the calls made.
internal static partial class ScenarioCatalog
{
    private static readonly Dictionary<string, Func<ScenarioResult>> Kinds = new()
    {
        ["virtual-via-base"] = VirtualViaBase,
        ["interface"] = InterfaceImplementation,
        ["struct"] = StructMethodWithUnboxingStub,
        ["ctor"] = Constructor,
        ["async-kickoff"] = AsyncKickoff,
        ["generic-type-value"] = GenericTypeValue,
        ["generic-type-shared"] = GenericTypeShared,
        ["generic-definition"] = GenericDefinition,
        ["generic-method-definition"] = GenericMethodDefinition,
        ["generic-definition-never-instantiated"] = GenericDefinitionNeverInstantiated,
        ["r2r-framework"] = ReadyToRunFramework,
        ["throwing"] = Throwing,
        ["recursive"] = Recursive,
        ["short-before-first-call"] = ShortBeforeFirstCall,
        ["short-already-tier1"] = ShortAlreadyTier1,
        ["hot-loop-osr"] = HotLoopOsr,
        ["inlinable-callee-future-callers"] = InlinableCalleeFutureCallers,
    };

    static ScenarioCatalog()
    {
        foreach (var (name, scenario) in Kinds)
        {
            All[name] = scenario;
        }

        foreach (var (name, scenario) in Others.Concat(Safety).Concat(RuntimeProbes).Concat(Timing).Concat(ProbeFaultScenarios).Concat(DurationTapScenarios))
        {
            All[name] = scenario;
        }

        foreach (var (name, scenario) in AfterInlining())
        {
            All[name] = scenario;
        }
    }

    private static ScenarioResult VirtualViaBase()
    {
        Shape shape = new Square(3);
        return Count(Method(typeof(Square), nameof(Square.Area)), 250_000, _ => Check(shape.Area() == 9, "Area"), warmToTier1First: true);
    }

    private static ScenarioResult InterfaceImplementation()
    {
        IGreeter greeter = new Greeter();
        return Count(Method(typeof(Greeter), nameof(Greeter.Greet)), 250_000, i => Check(greeter.Greet(i) == i + 42, "Greet"));
    }

    // Direct calls on the struct plus interface calls on a boxed copy (through the unboxing stub).
    private static ScenarioResult StructMethodWithUnboxingStub()
    {
        var value = new Vector3Ish(5, 6, 7);
        IGreeter boxed = value;
        return Count(Method(typeof(Vector3Ish), nameof(Vector3Ish.Greet)), 250_000,
            i => Check((i % 2 == 0 ? value.Greet(i) : boxed.Greet(i)) == i + 5, "struct Greet"));
    }

    private static ScenarioResult Constructor()
    {
        var ctor = typeof(Built).GetConstructor([typeof(long)])!;
        return Count(ctor, 250_000, i => Check(new Built(i).Value == i * 2L, "ctor"));
    }

    // The kick-off method (the one user code calls); its state machine's MoveNext is a different method.
    private static ScenarioResult AsyncKickoff() =>
        Count(Method(typeof(AsyncTargets), nameof(AsyncTargets.AddLaterAsync)), 25_000,
            i => Check(AsyncTargets.AddLaterAsync(i).GetAwaiter().GetResult() == i + 1, "async"));

    private static ScenarioResult GenericTypeValue()
    {
        var box = new Box<int>(12);
        return Count(typeof(Box<int>).GetMethod(nameof(Box<int>.Describe))!, 250_000, _ => Check(box.Describe() == "12", "Box<int>"));
    }

    // Box<string> and Box<object> run one shared (__Canon) body: patching Box<string> counts both, as the notes say.
    private static ScenarioResult GenericTypeShared()
    {
        var text = new Box<string>("a");
        var other = new Box<object>("b");
        var result = Count(typeof(Box<string>).GetMethod(nameof(Box<string>.Describe))!, 250_000,
            i => Check(i % 2 == 0 ? text.Describe() == "a" : other.Describe() == "b", "Box<ref>"));
        return result with { Detail = result.Detail + (result.Detail.Contains("shared generic code") ? "" : " [no shared-code note]") };
    }

    // The definition Box<>.Describe: Box<int> exists before the patch, Box<long> and Box<Version> are first
    // compiled after it; every call of every instantiation counts.
    private static ScenarioResult GenericDefinition()
    {
        _ = MethodPatcher.Shared; // the hook is in place (as the agent's is from startup) before Box<int> compiles
        Check(new Box<int>(1).Describe() == "1", "Box<int> warm-up");
        var calledBeforePatch = 1;
        var ints = new Box<int>(2);
        var longs = new Box<long>(3);
        var versions = new Box<Version>(new Version(1, 2));
        var result = Count(typeof(Box<>).GetMethod("Describe")!, 150_000, i => Check((i % 3) switch
        {
            0 => ints.Describe() == "2",
            1 => longs.Describe() == "3",
            _ => versions.Describe() == "1.2",
        }, "Box<T>"));
        return result with { Detail = $"{result.Detail}; calls before the patch (not counted): {calledBeforePatch}" };
    }

    // A generic definition nobody has instantiated yet: patched anyway; every instantiation compiled later is counted.
    private static ScenarioResult GenericDefinitionNeverInstantiated()
    {
        _ = MethodPatcher.Shared;
        var result = Count(typeof(NeverInstantiated<>).GetMethod("Name")!, 150_000, i => Check((i % 3) switch
        {
            0 => NeverInstantiated<int>.Name() == "Int32",
            1 => NeverInstantiated<string>.Name() == "String",
            _ => NeverInstantiated<Version>.Name() == "Version",
        }, "NeverInstantiated<T>"));
        return result;
    }

    private static ScenarioResult GenericMethodDefinition()
    {
        _ = MethodPatcher.Shared;
        Check(GenericMethods.Echo(1) == 1, "Echo<int> warm-up");
        var definition = typeof(GenericMethods).GetMethod(nameof(GenericMethods.Echo))!;
        Func<double, double> viaDelegate = GenericMethods.Echo;
        return Count(definition, 150_000, i => Check((i % 3) switch
        {
            0 => GenericMethods.Echo(i) == i,
            1 => viaDelegate(i) == i,
            _ => GenericMethods.Echo("x") == "x",
        }, "Echo<T>"));
    }

    // A ReadyToRun method of System.Private.CoreLib that nothing else in this process calls.
    private static ScenarioResult ReadyToRunFramework()
    {
        var method = typeof(Convert).GetMethod(nameof(Convert.ToBase64String), [typeof(byte[])])!;
        var bytes = new byte[] { 1, 2, 3 };
        return Count(method, 50_000, _ => Check(Convert.ToBase64String(bytes) == "AQID", "ToBase64String"));
    }

    private static ScenarioResult Throwing()
    {
        var traceBefore = ThrowAndCaptureTrace(1);
        var result = Count(Method(typeof(StaticTargets), nameof(StaticTargets.Throws)), 2_000, i =>
        {
            try
            {
                StaticTargets.Throws(i);
                Check(false, "did not throw");
            }
            catch (InvalidOperationException e)
            {
                Check(e.Message == "thrown on purpose " + i, "exception message");
            }
        });
        var traceAfter = ThrowAndCaptureTrace(1);
        return result with { Detail = $"{result.Detail}; trace unchanged={traceBefore == traceAfter}; trace={traceAfter}" };
    }

    private static string ThrowAndCaptureTrace(int value)
    {
        try
        {
            StaticTargets.Throws(value);
            return "no exception";
        }
        catch (InvalidOperationException e)
        {
            return e.StackTrace?.ReplaceLineEndings(" / ") ?? "no trace";
        }
    }

    // Factorial(10) makes 10 calls of itself.
    private static ScenarioResult Recursive()
    {
        var result = Count(Method(typeof(StaticTargets), nameof(StaticTargets.Factorial)), 50_000, _ => Check(StaticTargets.Factorial(10) == 3628800, "Factorial"));
        return result with { Expected = result.Expected * 10 };
    }

    // a + b: a 4-byte Tier1 body (lea eax,[rdi+rsi]; ret), shorter than a 5-byte jump.
    private static ScenarioResult ShortBeforeFirstCall() =>
        Count(Method(typeof(StaticTargets), nameof(StaticTargets.Tiny)), 250_000, i => Check(StaticTargets.Tiny(i, 1) == i + 1, "Tiny"));

    private static ScenarioResult ShortAlreadyTier1() =>
        Count(Method(typeof(StaticTargets), nameof(StaticTargets.TinyWarm)), 250_000, i => Check(StaticTargets.TinyWarm(i, 2) == i + 2, "TinyWarm"), warmToTier1First: true);

    // A small method the JIT would normally inline into its caller's Tier1 code. Patched before the caller is
    // compiled: the hook refuses canInline for it, so every tier of the caller calls it and every call counts.
    private static ScenarioResult InlinableCalleeFutureCallers() =>
        Count(Method(typeof(InlineCandidates), nameof(InlineCandidates.Inlinable)), 250_000,
            i => Check(InlineCandidates.CallsInlinable(i) == (i + 3) * 2, "CallsInlinable"));

    // A long loop in a method called few times: the JIT compiles an OSR body for the loop (same method handle),
    // which must not count a second time.
    private static ScenarioResult HotLoopOsr()
    {
        var result = Count(Method(typeof(StaticTargets), nameof(StaticTargets.HotLoop)), 15, _ => StaticTargets.HotLoop(3_000_000));
        return result;
    }
}

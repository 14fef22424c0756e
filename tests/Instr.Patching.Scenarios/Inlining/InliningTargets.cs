using System.Runtime.CompilerServices;

namespace Instr.Patching.Scenarios.Inlining;

// Callees and callers of the inlining scenarios. Names start with "Inl" so that the JIT's own listing
// (DOTNET_JitDisasm=Inl*), the independent oracle the tests compare against, covers exactly these methods.

/// <summary>Tiny callees: the JIT inlines them into optimized callers.</summary>
public static class InlCallees
{
    public static int InlIncrement(int value) => value + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int InlTripleNoInline(int value) => value * 3;

    public static T InlEcho<T>(T value) => value;

    /// <summary>Small enough to inline, long enough (more than 5 bytes at Tier1) for a body detour.</summary>
    public static long InlScale(long value, long factor) => (value * factor) + (value >> 3) + 12345;
}

/// <summary>A generic type with a tiny method: callers name it through a MemberRef on a TypeSpec.</summary>
public sealed class InlBox<T>
{
    private readonly T _value;

    public InlBox(T value)
    {
        _value = value;
    }

    public T InlGet() => _value;
}

/// <summary>A virtual method with two overrides: hot callers get guarded devirtualization (type test + inlined override).</summary>
public abstract class InlBase
{
    public abstract int InlValue();
}

public sealed class InlDerivedA : InlBase
{
    public override int InlValue() => 11;
}

public sealed class InlDerivedB : InlBase
{
    public override int InlValue() => 22;
}

/// <summary>Callers. None is marked NoInlining for its callee; how each is compiled is the scenario's business.</summary>
public static class InlCallers
{
    /// <summary>Reaches Tier1 through ordinary tiering (called many times), with <see cref="InlCallees.InlIncrement"/> inlined.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int InlTieredCaller(int value) => InlCallees.InlIncrement(value) * 2;

    /// <summary>Reaches Tier1 with <see cref="InlCallees.InlScale"/> inlined (the reality check patches that callee).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long InlTieredScaleCaller(long value) => InlCallees.InlScale(value, 3) - 1;

    /// <summary>Sees <see cref="InlDerivedA"/> almost always: Tier1 guesses it and inlines its override behind a type test.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int InlGuardedCaller(InlBase value) => value.InlValue() + 1;

    /// <summary>Sees only <see cref="InlDerivedB"/>: Tier1 inlines B's override, and reaches A's only by virtual dispatch.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int InlOtherGuardedCaller(InlBase value) => value.InlValue() + 2;

    /// <summary>A generic caller: only the engine's compile registry knows where its instantiations' code is.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int InlGenericHostCaller<T>(int value) => InlCallees.InlIncrement(value) + typeof(T).Name.Length;

    /// <summary>A small wrapper, never NoInlining: optimized callers inline it, and the callee with it.</summary>
    public static int InlWrapper(int value) => InlCallees.InlIncrement(value) + 100;

    /// <summary>Names only the wrapper in its IL; optimized at first call, it contains the callee through the wrapper.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int InlOuterCaller(int value) => InlWrapper(value) * 3;

    /// <summary>Calls a NoInlining callee; reaches Tier1 too, and must keep a real call.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int InlCallerOfNoInline(int value) => InlCallees.InlTripleNoInline(value) + 1;

    /// <summary>References the tiny callee but never runs, so it is never compiled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int InlNeverRunCaller(int value) => InlCallees.InlIncrement(value) - 7;

    /// <summary>Optimized at its first call (no tiering): inlines a generic method instantiation (MethodSpec).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int InlGenericMethodCaller(int value) => InlCallees.InlEcho(value) + InlCallees.InlEcho("x").Length;

    /// <summary>Optimized at its first call: inlines a method of a generic type instantiation (MemberRef on a TypeSpec).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int InlGenericTypeCaller(InlBox<int> box) => box.InlGet() + 1;

    /// <summary>Optimized at its first call: inlines a framework method from another assembly (System.Private.CoreLib).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int InlFrameworkCaller(string? text) => string.IsNullOrEmpty(text) ? 0 : text.Length;
}

#pragma warning disable CA1822, IDE0060, IDE0051, CA1815, CA1000, CA2225, CA1063, CA1816, IDE0250, IDE0251 // Name targets: the shapes of their signatures are the point.
using System.Collections;
using System.Runtime.CompilerServices;

namespace ResolverTargets.Shapes;

/// <summary>Every kind of member whose canonical name must round-trip through a pattern (NameRoundTripTests).</summary>
public class Kinds
{
    private static int s_seen;

    static Kinds() => s_seen = 1;

    public Kinds()
    {
    }

    public Kinds(in int seed, params string[] labels)
    {
    }

    ~Kinds()
    {
    }

    public event EventHandler? Changed;

    public int this[int index] => index;

    public string this[string key, int index]
    {
        get => key;
        set => _ = value;
    }

    public int Init { get; init; }

    public static Kinds operator +(Kinds left, Kinds right) => left;

    public static bool operator ==(Kinds? left, Kinds? right) => ReferenceEquals(left, right);

    public static bool operator !=(Kinds? left, Kinds? right) => !ReferenceEquals(left, right);

    public static implicit operator string(Kinds value) => "kinds";

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => s_seen;

    public ref int RefReturn(ref int value) => ref value;

    public unsafe void Pointers(int* one, byte** two, void* any, int*[] arrayOfPointers)
    {
    }

    public unsafe void FunctionPointers(delegate*<int, void> managed, delegate* unmanaged<int, int> native, delegate*<ref int, string> byRef)
    {
    }

    public void Spans(Span<int> span, ReadOnlySpan<char> text, scoped ref int local)
    {
    }

    public (int Count, string? Name) Tuple((int, long) pair, ValueTuple<int, int, int, int, int, int, int, int> eight) => (0, null);

    public void Nullables(int? number, DateTime? when, string? text, List<int?> list)
    {
    }

    public void Arrays(int[,] grid, int[,,] cube, long[][] jagged, List<int>[] lists, int[][,] mixed)
    {
    }

    public void Generics(Dictionary<string, List<KeyValuePair<int, string>>> nested, Func<int, Func<string>> functions)
    {
    }

    public void Overloaded<T>(T value)
    {
    }

    public void Overloaded<T, TOther>(T value)
    {
    }

    public void Overloaded(int value)
    {
    }

    public IEnumerable<int> Iterator()
    {
        yield return s_seen;
    }

    public async Task<int> AsyncWork()
    {
        await Task.Yield();
        return 1;
    }

    public Func<int> Lambda() => () => s_seen;

    public int LocalFunction()
    {
        return Local(2);

        static int Local(int x) => x * 2;
    }

    private void RaiseChanged() => Changed?.Invoke(this, EventArgs.Empty);
}

/// <summary>Two explicit conversions that differ only by their return type: the one pair of methods the grammar (which
/// has no return type) cannot tell apart.</summary>
public readonly struct Money
{
    public static explicit operator int(Money value) => 0;

    public static explicit operator long(Money value) => 0;

    public static Money operator -(Money value) => value;
}

/// <summary>A generic interface with two type parameters: explicit implementations are named after it, commas and
/// all.</summary>
public interface IPairSink<TKey, TValue>
{
    void Put(TKey key, TValue value);

    /// <summary>A default implementation.</summary>
    int Count() => 0;
}

/// <summary>Static abstract members (the generic math shape).</summary>
public interface IAddable<TSelf>
    where TSelf : IAddable<TSelf>
{
    static abstract TSelf operator +(TSelf left, TSelf right);

    static virtual TSelf Zero() => throw new NotSupportedException();
}

/// <summary>Explicit implementations of generic and non-generic interfaces.</summary>
public sealed class Sink : IPairSink<string, int>, IPairSink<int, List<string>>, IEnumerable<KeyValuePair<string, int>>, IDisposable, IAddable<Sink>
{
    void IPairSink<string, int>.Put(string key, int value)
    {
    }

    void IPairSink<int, List<string>>.Put(int key, List<string> value)
    {
    }

    IEnumerator<KeyValuePair<string, int>> IEnumerable<KeyValuePair<string, int>>.GetEnumerator() => Enumerable.Empty<KeyValuePair<string, int>>().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => Array.Empty<int>().GetEnumerator();

    void IDisposable.Dispose()
    {
    }

    static Sink IAddable<Sink>.operator +(Sink left, Sink right) => left;

    static Sink IAddable<Sink>.Zero() => new();
}

/// <summary>Generic types nested in generic types, with generic methods of their own.</summary>
public class Tree<TNode>
{
    public class Branch<TLeaf>
    {
        public TResult Fold<TResult>(TNode node, TLeaf leaf, Func<TNode, TLeaf, TResult> folder) => folder(node, leaf);

        public void Graft(Tree<TNode>.Branch<TLeaf> other, Tree<TLeaf> swapped)
        {
        }
    }

    public struct Walker
    {
        public readonly int Depth() => 0;
    }
}

/// <summary>A generic struct and a ref struct.</summary>
public struct Cell<T>
    where T : struct
{
    public T? Value;

    public readonly T Get() => Value ?? default;

    public static Cell<T> operator +(Cell<T> left, Cell<T> right) => left;
}

public ref struct Cursor
{
    public Span<byte> Rest;

    public readonly int Length() => Rest.Length;
}

/// <summary>A record: compiler-written members such as <c>&lt;Clone&gt;$</c> and <c>PrintMembers</c>.</summary>
public sealed record Person(string Name, int Age);

/// <summary>A module initializer: the compiler puts a call to it into <c>&lt;Module&gt;..cctor</c>.</summary>
internal static class ModuleStartup
{
    public static int Ran { get; private set; }

    [ModuleInitializer]
    internal static void Initialize() => Ran++;
}

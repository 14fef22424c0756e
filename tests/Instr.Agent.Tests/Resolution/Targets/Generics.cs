#pragma warning disable CA1822, IDE0060 // Resolution targets: the shapes of their signatures are the point.
namespace ResolverTargets;

/// <summary>A generic type: every method is resolved on the definition (it stands for all instantiations).</summary>
public class Box<T>
{
    public T? Value { get; set; }

    public string Describe() => $"Box of {typeof(T).Name}";

    public void Set(T value) => Value = value;

    public TResult Map<TResult>(Func<T, TResult> map) => map(Value!);

    public bool Same(Box<T> other) => ReferenceEquals(this, other);

    /// <summary>A type nested in a generic type is itself generic (it inherits T).</summary>
    public class Lid
    {
        public void Close()
        {
        }
    }
}

/// <summary>Two generic types with the same simple name and different arity.</summary>
public class Pair<TFirst, TSecond>
{
    public TFirst? First { get; set; }
}

public static class Util
{
    public static T Echo<T>(T value) => value;

    public static int Echo(int value) => value;

    public static TOut Convert<TIn, TOut>(TIn value, Func<TIn, TOut> converter) => converter(value);
}

/// <summary>A non-generic type and a generic one with the same name: an exact name picks the one spelled so.</summary>
public class Crate
{
    public void Open()
    {
    }
}

/// <summary>The generic namesake of <see cref="Crate"/>, with a method of the same name and parameters.</summary>
public class Crate<T>
{
    public void Open()
    {
    }
}

namespace Instr.Patching.Tests.Uninlining.Targets;

// IL shapes the candidate scan must recognize. Only their IL matters: these tests never run them.

public interface IShape
{
    double Area();
}

public class Shape
{
    public virtual double Area() => 0;
}

public class Square : Shape, IShape
{
    public override double Area() => 4;
}

public sealed class Circle : IShape
{
    double IShape.Area() => 3.14;
}

public sealed class Holder<T>
{
    private readonly T _value;

    public Holder(T value)
    {
        _value = value;
    }

    public T Get() => _value;
}

public static class Helpers
{
    public static T Echo<T>(T value) => value;

    public static int Twice(int value) => value * 2;

    public static int Unreferenced(int value) => value - 1;
}

public static class ShapeCallers
{
    public static double ViaBase(Shape shape) => shape.Area();

    public static double ViaInterface(IShape shape) => shape.Area();

    public static double ViaDerivedReference(Square square) => square.Area();

    public static int Unrelated(object value) => value.GetHashCode();

    public static int GenericMethod() => Helpers.Echo(5);

    public static int GenericType() => new Holder<int>(1).Get();

    public static Func<int, int> AddressTaken() => Helpers.Twice;

    public static int InGenericContext<T>(T value) => Helpers.Echo(value)!.GetHashCode();
}

public sealed class StructReturningInstance
{
    public (long, long, long) Pair() => (Helpers.Twice(1), 2, 3);
}

public struct StructInstance
{
    public int Value;

    public readonly int Sum() => Helpers.Twice(Value);
}

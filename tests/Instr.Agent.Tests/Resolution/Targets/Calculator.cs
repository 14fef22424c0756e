#pragma warning disable CA1822, IDE0060, IDE0051 // Resolution targets: the shapes of their signatures are the point.
namespace ResolverTargets;

/// <summary>Overloads, constructors, a static constructor, accessors and parameter shapes for resolution tests.</summary>
public class Calculator
{
    static Calculator()
    {
    }

    public Calculator()
    {
    }

    public Calculator(int seed) => Seed = seed;

    public int Seed { get; set; }

    public static int Twice(int value) => value * 2;

    public int Add(int left, int right) => left + right;

    public long Add(long left, long right) => left + right;

    public double Add(double a, double b, double c) => a + b + c;

    public void Fill(ref int value, out string text, in double scale)
    {
        value++;
        text = scale.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public int Sum(params int[] values) => values.Sum();

    public void Arrays(int[] flat, string[,] grid, int[][] jagged)
    {
    }

    public void Collections(List<int> list, Dictionary<string, List<int>> map)
    {
    }

    public void Nullables(int? number, string? text)
    {
    }

    public virtual void Hook()
    {
    }

    private void Secret()
    {
    }
}

namespace Instr.Patching.Scenarios.AfterInlining.Breadth;

// Breadth callees, part 2: ways of being reached (virtual, interface, static abstract, compiler-generated methods).

internal class EchoBase
{
    public virtual T Echo<T>(T value) => value;
}

internal sealed class EchoDerived : EchoBase
{
    public override T Echo<T>(T value) => value;
}

/// <summary>Its own override, so the sealed-receiver kind has its own patch and count.</summary>
internal sealed class SealedEcho : EchoBase
{
    public override T Echo<T>(T value) => value;
}

internal interface IGreeting
{
    int Bonus { get; }

    int Greet(int x) => x + Bonus;
}

internal sealed class Greeting : IGreeting
{
    public int Bonus => 7;
}

internal interface IMoney<TSelf>
    where TSelf : IMoney<TSelf>
{
    static abstract TSelf operator +(TSelf a, TSelf b);
}

internal readonly struct Cents(long value) : IMoney<Cents>
{
    public long Value => value;

    public static Cents operator +(Cents a, Cents b) => new(a.Value + b.Value);
}

internal static class Money
{
    public static T Add<T>(T a, T b)
        where T : IMoney<T> => a + b;
}

internal interface ITally
{
    int Next(int x);
}

internal sealed class Tally : ITally
{
    int ITally.Next(int x) => x + 11;
}

internal sealed class Grid
{
    public int this[int index] => index * 7;
}

internal static class Generated
{
    public static readonly Func<int, int> Triple = x => x * 3;

    public static IEnumerable<int> Countdown(int from)
    {
        for (var k = from; k > 0; k--)
        {
            yield return k;
        }
    }

    public static async ValueTask<int> AddLaterAsync(int x)
    {
        if (x < 0)
        {
            await Task.Yield();
        }

        return x + 1;
    }
}

internal static class ControlFlow
{
    public static int Guarded(int x)
    {
        try
        {
            if ((x & 255) == 0)
            {
                throw new InvalidOperationException("filtered");
            }

            return x;
        }
        catch (InvalidOperationException e) when (e.Message == "filtered")
        {
            return -1;
        }
    }

    // Not tail calls on purpose: the JIT turns a recursive tail call into a jump back into the body, which no
    // entry-point probe sees (a separate question from inlining).
    public static int Depth(int n) => n == 0 ? 0 : 1 + OtherDepth(n - 1);

    public static int OtherDepth(int n) => n == 0 ? 0 : 1 + Depth(n - 1);
}

#pragma warning disable CA1822, IDE0060 // Resolution targets.
using System.Runtime.InteropServices;

namespace ResolverTargets;

public abstract class Shape
{
    public abstract double Area();
}

public interface IWorker
{
    void Work();
}

public struct Point
{
    public int X;

    public readonly override string ToString() => X.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public class Outer
{
    public class Inner
    {
        public class Deepest
        {
            public void Dig()
            {
            }
        }
    }
}

/// <summary>Compiler-generated members: an async state machine and a lambda closure class.</summary>
public class Worker : IWorker
{
    public void Work()
    {
    }

    public async Task<int> RunAsync()
    {
        await Task.Yield();
        return 1;
    }

    public Func<int, int> Adder(int amount) => value => value + amount;
}

public static class NativeCalls
{
    [DllImport("libc", EntryPoint = "getppid")]
    internal static extern int GetParentPid();
}

/// <summary>Unicode identifiers are legal in patterns.</summary>
public class Ünïcødé
{
    public void Grüße()
    {
    }
}

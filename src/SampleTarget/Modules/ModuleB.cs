namespace SampleTarget.Modules;

/// <summary>Demo module B: two static functions and a small class hierarchy, written as any app writes them
/// (no [MethodImpl] hints): the JIT inlines them into their hot callers, which is what instr must count through.</summary>
public static class ModuleB
{
    public static long FuncB1(long left, long right) => Math.Max(left, right) - Math.Min(left, right);

    public static double FuncB2(double[] values) => values.Sum() / Math.Max(1, values.Length);

    /// <summary>An instance method, a static method and a virtual method (overridden in <see cref="ClassB1Derived"/>).</summary>
    public class ClassB1
    {
        private long _total;

        public long Accumulate(int amount) => Interlocked.Add(ref _total, amount);

        public static ClassB1 Create(string label) => label.Length > 0 ? new ClassB1() : new ClassB1Derived();

        public virtual string Describe() => "ClassB1";
    }

    /// <summary>Overrides <see cref="ClassB1.Describe"/>; the loop calls it through a base reference.</summary>
    public sealed class ClassB1Derived : ClassB1
    {
        public override string Describe() => "ClassB1Derived";
    }
}

namespace SampleTarget.Modules;

/// <summary>Demo module A: two static functions and a small class hierarchy, written as any app writes them
/// (no [MethodImpl] hints): the JIT inlines them into their hot callers, which is what instr must count through.</summary>
public static class ModuleA
{
    public static int FuncA1(int value) => value * 2 + 1;

    public static int FuncA2(string text) => text.Length + text.IndexOf('a', StringComparison.Ordinal);

    /// <summary>An instance method, a static method and a virtual method (overridden in <see cref="ClassA1Derived"/>).</summary>
    public class ClassA1
    {
        private long _total;

        public long Accumulate(int amount) => Interlocked.Add(ref _total, amount);

        public static ClassA1 Create(string label) => label.Length > 0 ? new ClassA1() : new ClassA1Derived();

        public virtual string Describe() => "ClassA1";
    }

    /// <summary>Overrides <see cref="ClassA1.Describe"/>; the loop calls it through a base reference.</summary>
    public sealed class ClassA1Derived : ClassA1
    {
        public override string Describe() => "ClassA1Derived";
    }
}

namespace SampleTarget.Modules;

/// <summary>Demo module D: two static functions and a small class hierarchy, written as any app writes them
/// (no [MethodImpl] hints): the JIT inlines them into their hot callers, which is what instr must count through.</summary>
public static class ModuleD
{
    public static int FuncD1() => Environment.CurrentManagedThreadId;

    public static int FuncD2(List<int> items) => items.Count;

    /// <summary>The generic callable: the loop calls it with a value type and a reference type (two instantiations,
    /// one canonical name).</summary>
    public static T Echo<T>(T value) => value;

    /// <summary>An instance method, a static method and a virtual method (overridden in <see cref="ClassD1Derived"/>).</summary>
    public class ClassD1
    {
        private long _total;

        public long Accumulate(int amount) => Interlocked.Add(ref _total, amount);

        public static ClassD1 Create(string label) => label.Length > 0 ? new ClassD1() : new ClassD1Derived();

        public virtual string Describe() => "ClassD1";
    }

    /// <summary>Overrides <see cref="ClassD1.Describe"/>; the loop calls it through a base reference.</summary>
    public sealed class ClassD1Derived : ClassD1
    {
        public override string Describe() => "ClassD1Derived";
    }
}

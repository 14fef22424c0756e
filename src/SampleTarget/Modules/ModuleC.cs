namespace SampleTarget.Modules;

/// <summary>Demo module C: two static functions and a small class hierarchy, written as any app writes them
/// (no [MethodImpl] hints): the JIT inlines them into their hot callers, which is what instr must count through.</summary>
public static class ModuleC
{
    public static bool FuncC1(bool flag) => !flag;

    public static void FuncC2(ref int counter) => counter++;

    /// <summary>The async callable: the loop calls it and waits for it; the kick-off method is what a probe counts.</summary>
    public static async Task<int> FetchAsync(int id)
    {
        await Task.Yield();
        return id + 1;
    }

    /// <summary>An instance method, a static method and a virtual method (overridden in <see cref="ClassC1Derived"/>).</summary>
    public class ClassC1
    {
        private long _total;

        public long Accumulate(int amount) => Interlocked.Add(ref _total, amount);

        public static ClassC1 Create(string label) => label.Length > 0 ? new ClassC1() : new ClassC1Derived();

        public virtual string Describe() => "ClassC1";
    }

    /// <summary>Overrides <see cref="ClassC1.Describe"/>; the loop calls it through a base reference.</summary>
    public sealed class ClassC1Derived : ClassC1
    {
        public override string Describe() => "ClassC1Derived";
    }
}

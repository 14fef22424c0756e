using System.Runtime.CompilerServices;

namespace SampleTarget.Modules;

/// <summary>Demo module D: two static functions and a small class hierarchy. Every callable is NoInlining so that
/// each call the loop makes is a real call a probe can count.</summary>
public static class ModuleD
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int FuncD1() => Environment.CurrentManagedThreadId;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int FuncD2(List<int> items) => items.Count;

    /// <summary>The generic callable: the loop calls it with a value type and a reference type (two instantiations,
    /// one canonical name).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Echo<T>(T value) => value;

    /// <summary>An instance method, a static method and a virtual method (overridden in <see cref="ClassD1Derived"/>).</summary>
    public class ClassD1
    {
        private long _total;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public long Accumulate(int amount) => Interlocked.Add(ref _total, amount);

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ClassD1 Create(string label) => label.Length > 0 ? new ClassD1() : new ClassD1Derived();

        [MethodImpl(MethodImplOptions.NoInlining)]
        public virtual string Describe() => "ClassD1";
    }

    /// <summary>Overrides <see cref="ClassD1.Describe"/>; the loop calls it through a base reference.</summary>
    public sealed class ClassD1Derived : ClassD1
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public override string Describe() => "ClassD1Derived";
    }
}

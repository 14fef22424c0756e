using System.Reflection;

namespace Instr.Patching.Probes;

/// <summary>
/// The Task behind a ValueTask that has not completed, or null when a pooled IValueTaskSource backs it (only its
/// consumer may observe that one). Read through the struct's private field: asking the ValueTask itself (AsTask,
/// GetAwaiter) would consume it. Only for calls still running when they return, which already allocate.
/// </summary>
internal static class ValueTaskSource
{
    private static readonly FieldInfo? NonGenericObject = typeof(ValueTask).GetField("_obj", BindingFlags.NonPublic | BindingFlags.Instance);

    public static Task? TaskBehind(ValueTask task) => NonGenericObject?.GetValue(task) as Task;

    public static Task? TaskBehind<T>(ValueTask<T> task) => Field<T>.Object?.GetValue(task) as Task;

    private static class Field<T>
    {
        public static readonly FieldInfo? Object = typeof(ValueTask<T>).GetField("_obj", BindingFlags.NonPublic | BindingFlags.Instance);
    }
}

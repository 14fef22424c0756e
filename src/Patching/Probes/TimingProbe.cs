using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Instr.Patching.Probes;

/// <summary>
/// The timing probe: each call timed from entry to exit with the TSC, into the calling thread's histogram for the
/// patch's slot; a call that ends in an exception is counted in <c>exceptions</c> instead. For a Task-returning method
/// the duration runs to the task's completion (a faulted or cancelled task is an exception), and the synchronous part
/// (entry until the task is returned) goes to the patch's secondary slot. No allocation per call,
/// except for a task still running when the method returns (one small continuation object, next to the state machine
/// the method already allocated).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TimingProbe : IManagedProbe
{
    private TimingProbe()
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long OnEntry(int slot) => TscClock.Now();

    /// <summary>A call returned normally. While a Meter listener has <c>instr.duration</c> enabled the duration also goes
    /// to it (<see cref="DurationTap"/>); otherwise this is one native leaf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OnExit(int slot, long entry)
    {
        if (DurationTap.Listening is { } listening)
        {
            DurationTap.RecordExit(slot, entry, listening);
            return;
        }

        ThreadHistograms.RecordExit(slot, entry);
    }

    public static void OnException(int slot, long entry) => ThreadHistograms.RecordException(slot);

    /// <summary>Replaces <see cref="OnExit"/> for Task-returning methods: the call ends when its task does.</summary>
    public static void OnTaskReturned(int slot, long entry, Task? task)
    {
        ThreadHistograms.RecordExit(ProbeSlots.Secondary(slot), entry); // the synchronous part: entry to return
        FollowTask(slot, entry, task);
    }

    private static void FollowTask(int slot, long entry, Task? task)
    {
        if (task is null || task.IsCompleted)
        {
            Complete(slot, entry, task);
            return;
        }

        var pending = new PendingCall(slot, entry, task);
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(pending.Completed);
    }

    /// <summary>For ValueTask-returning methods: a completed one ends now; one backed by a Task is followed to its
    /// completion; one backed by a pooled source (IValueTaskSource) cannot be observed without consuming it, so its
    /// synchronous part is what gets timed.</summary>
    public static void OnValueTaskReturned(int slot, long entry, ValueTask task)
    {
        if (!EndedAtReturn(slot, entry, task.IsCompleted, task.IsCompletedSuccessfully))
        {
            FollowTask(slot, entry, ValueTaskSource.TaskBehind(task));
        }
    }

    public static void OnValueTaskReturned<T>(int slot, long entry, ValueTask<T> task)
    {
        if (!EndedAtReturn(slot, entry, task.IsCompleted, task.IsCompletedSuccessfully))
        {
            FollowTask(slot, entry, ValueTaskSource.TaskBehind(task));
        }
    }

    /// <summary>A ValueTask came back: its synchronous part is recorded; one already complete ends the call now (false:
    /// still running, to be followed).</summary>
    private static bool EndedAtReturn(int slot, long entry, bool completed, bool succeeded)
    {
        ThreadHistograms.RecordExit(ProbeSlots.Secondary(slot), entry);
        if (!completed)
        {
            return false;
        }

        if (succeeded)
        {
            OnExit(slot, entry);
        }
        else
        {
            ThreadHistograms.RecordException(slot);
        }

        return true;
    }

    private static void Complete(int slot, long entry, Task? task)
    {
        if (task is { IsCompletedSuccessfully: false })
        {
            ThreadHistograms.RecordException(slot);
        }
        else
        {
            OnExit(slot, entry);
        }
    }

    /// <summary>Runs on whatever thread completes the task, outside the app's call: nothing may escape it.</summary>
    private sealed class PendingCall(int slot, long entry, Task task)
    {
        public void Completed()
        {
            try
            {
                Complete(slot, entry, task);
            }
            catch (Exception error)
            {
                ProbeFaults.Record(error);
            }
        }
    }
}

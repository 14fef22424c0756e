using System.ComponentModel;

namespace Instr.Patching.Probes;

/// <summary>
/// Exceptions thrown by a probe's own code, kept from the app: the wrapper calls every hook inside a catch that lands
/// here, and a probe's own continuations (a task it follows) call <see cref="Record"/> the same way. The app's call
/// then goes on as without the probe (its result, its exception, its count: the count is the native stub's); only
/// what the probe would have measured for that call is missing. Public only because the emitted wrappers live in a
/// dynamic assembly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ProbeFaults
{
    private static long failures;
    private static string? lastFailure;

    /// <summary>How many exceptions probe code has thrown so far.</summary>
    public static long Failures => Interlocked.Read(ref failures);

    /// <summary>The latest one ("where: type: message"), or null.</summary>
    public static string? LastFailure => Volatile.Read(ref lastFailure);

    /// <summary>Never throws: called from catch handlers inside the app's own calls.</summary>
    public static void Record(Exception error)
    {
        Interlocked.Increment(ref failures);
        try
        {
            var site = error.TargetSite is { } method ? $"{method.DeclaringType?.Name}.{method.Name}" : "probe";
            Volatile.Write(ref lastFailure, $"probe code threw in {site}: {error.GetType().Name}: {error.Message}");
        }
        catch (Exception)
        {
            // The count above is what matters; a description that cannot be built is left as it was.
        }
    }
}

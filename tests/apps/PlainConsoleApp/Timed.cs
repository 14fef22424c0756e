using System.Runtime.CompilerServices;

namespace PlainConsoleApp;

/// <summary>
/// Methods with known durations and failures for the timing-probe tests (`--timed-calls N`): call i of
/// <see cref="Sleep"/> sleeps 8 ms when i is a multiple of 4, else 2 ms (a sleep never ends early, so each duration is
/// at least that); call i of <see cref="Fail"/> throws when i is a multiple of 3.
/// </summary>
public static class Timed
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Sleep(int call) => Thread.Sleep(call % 4 == 0 ? 8 : 2);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Fail(int call) => call % 3 == 0 ? throw new InvalidOperationException($"call {call} fails on purpose") : call;

    /// <summary>Calls both methods <paramref name="calls"/> times (numbered from 1); returns how many calls threw.</summary>
    public static int Run(int calls)
    {
        var failures = 0;
        for (var call = 1; call <= calls; call++)
        {
            Sleep(call);
            try
            {
                Fail(call);
            }
            catch (InvalidOperationException)
            {
                failures++;
            }
        }

        return failures;
    }
}

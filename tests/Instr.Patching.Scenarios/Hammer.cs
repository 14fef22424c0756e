namespace Instr.Patching.Scenarios;

/// <summary>Calls something from several threads at once and returns how many calls were made in total.</summary>
internal static class Hammer
{
    public const int Threads = 4;

    public static long Run(int callsPerThread, Action<int> call, int threads = Threads)
    {
        using var start = new Barrier(threads);
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < callsPerThread; i++)
                {
                    call(i);
                }
            });
            workers[t].Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        return (long)callsPerThread * threads;
    }

    /// <summary>Calls until the method has certainly been recompiled at Tier1 (call counting threshold 30,
    /// then a 100 ms background delay), so a later patch meets an optimized body.</summary>
    public static long WarmToTier1(Action<int> call)
    {
        long calls = 0;
        for (var round = 0; round < 6; round++)
        {
            for (var i = 0; i < 2000; i++)
            {
                call(i);
                calls++;
            }

            Thread.Sleep(150);
        }

        return calls;
    }
}

namespace SampleTarget;

/// <summary>
/// Calls random callables at a steady rate on one or more threads until the call budget is spent or
/// <c>stop</c> fires. Each thread owns its Random (seed + thread index), so one thread with a seed is fully
/// deterministic; with several threads the interleaving, and so the split of a fixed budget, is not.
/// </summary>
internal sealed class ExecutionLoop(IReadOnlyList<Callable> callables, GroundTruth truth, PauseGate gate, SampleOptions options)
{
    private readonly long _budget = options.Calls ?? long.MaxValue;
    private long _issued;

    public Thread[] Start(CancellationToken stop)
    {
        var seedBase = options.Seed ?? Environment.TickCount;
        var threads = new Thread[options.Threads];
        for (var i = 0; i < threads.Length; i++)
        {
            var random = new Random(unchecked(seedBase + i));
            threads[i] = new Thread(() => Run(random, stop)) { Name = $"SampleTarget loop {i}" };
            threads[i].Start();
        }

        return threads;
    }

    private void Run(Random random, CancellationToken stop)
    {
        try
        {
            var pacer = new Pacer(options.Rate / options.Threads);
            while (!stop.IsCancellationRequested)
            {
                if (!pacer.IsDue(stop))
                {
                    continue;
                }

                if (gate.WaitWhilePaused(stop))
                {
                    pacer.Restart();
                    continue;
                }

                if (Interlocked.Increment(ref _issued) > _budget)
                {
                    return;
                }

                var index = random.Next(callables.Count);
                var constructorsRun = callables[index].Invoke(random);
                truth.Record(index);
                foreach (var slot in constructorsRun)
                {
                    truth.Record(slot);
                }

                pacer.CallMade();
            }
        }
        catch (OperationCanceledException)
        {
            // Stop requested while paused.
        }
        finally
        {
            gate.WorkerExited();
        }
    }
}

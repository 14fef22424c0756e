namespace SampleTarget;

/// <summary>
/// The demo app: calls the callables of <see cref="Callables"/> at a steady rate and keeps an exact count of its own
/// calls (ground truth). Output: a one-line banner, then nothing until exit, then one JSON line with the counts.
/// Exit codes: 0 normal end (budget, duration); 2 usage error; 130 SIGINT; 143 SIGTERM (summary printed in all
/// but the usage case).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        SampleOptions options;
        try
        {
            options = SampleOptions.Parse(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"SampleTarget: {e.Message}");
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(SampleOptions.Usage);
            return 0;
        }

        return Run(options);
    }

    private static int Run(SampleOptions options)
    {
        using var signals = new StopSignals();
        using var duration = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(signals.Token, duration.Token);
        if (options.Duration is { } limit)
        {
            duration.CancelAfter(limit);
        }

        using var truth = new GroundTruth(Callables.CountedNames);
        var gate = new PauseGate(options.Threads);
        var watcher = options.PauseFile is null ? null : new PauseFileWatcher(options.PauseFile, gate, truth);
        watcher?.HoldIfRequested();

        Console.WriteLine(
            $"SampleTarget pid {Environment.ProcessId}: {Callables.All.Count} methods, {RateText(options.Rate)} on {options.Threads} thread(s); Ctrl+C prints the call counts and exits");

        var loop = new ExecutionLoop(Callables.All, truth, gate, options);
        var workers = loop.Start(stop.Token);
        var watcherThread = watcher?.Start(stop.Token);
        foreach (var worker in workers)
        {
            worker.Join();
        }

        // The loop may have ended by its budget: stop the watcher as well, then report.
        stop.Cancel();
        watcherThread?.Join();
        watcher?.Cleanup();
        try
        {
            Console.WriteLine(SummaryJson.Format(truth.Snapshot()));
        }
        catch (IOException)
        {
            // stdout already closed (e.g. piped into head): nobody is left to read the summary.
        }

        return signals.ExitCode;
    }

    private static string RateText(double rate) => rate > 0 ? $"{rate:0.###} calls/s" : "unthrottled";
}

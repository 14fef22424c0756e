using SampleTarget;
namespace Instr.Agent.Tests.SampleTarget;

/// <summary>SampleTarget as a process: the controls the end-to-end tests rely on (--calls, --seed, --threads,
/// --duration, --pause-file), its output contract and its exit codes.</summary>
public sealed class SampleTargetProcessTests
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    [Fact]
    public void Calls_budget_ends_the_run_with_exit_0_a_banner_and_the_exact_summary()
    {
        using var app = SampleTargetProcess.Start("--calls", "300", "--rate", "0", "--seed", "7");
        Assert.Equal(0, app.WaitForExit());
        Assert.Equal(2, app.StandardOutput.Count); // banner + summary, nothing noisy
        Assert.StartsWith($"SampleTarget pid {app.Pid}:", app.StandardOutput[0], StringComparison.Ordinal);
        Assert.Equal(300, CallsMade(app.Summary()));
        Assert.Equal(string.Empty, app.StandardError);
    }

    [Fact]
    public void Same_seed_gives_the_same_summary()
    {
        using var first = SampleTargetProcess.Start("--calls", "200", "--rate", "0", "--seed", "11");
        using var second = SampleTargetProcess.Start("--calls", "200", "--rate", "0", "--seed", "11");
        Assert.Equal(0, first.WaitForExit());
        Assert.Equal(0, second.WaitForExit());
        Assert.Equal(first.StandardOutput[^1], second.StandardOutput[^1]);
    }

    [Fact]
    public void Several_threads_spend_the_budget_exactly()
    {
        using var app = SampleTargetProcess.Start("--calls", "5000", "--rate", "0", "--threads", "3");
        Assert.Equal(0, app.WaitForExit());
        Assert.Equal(5000, CallsMade(app.Summary()));
    }

    [Fact]
    public void Duration_ends_the_run_with_exit_0()
    {
        using var app = SampleTargetProcess.Start("--duration", "0.3");
        Assert.Equal(0, app.WaitForExit());
        Assert.Equal(Callables.CountedNames.Count, app.Summary().Count); // 26 callables + 8 constructors
    }

    [Fact]
    public void Pause_file_holds_the_loop_and_the_marker_holds_the_ground_truth()
    {
        var pauseFile = Path.Combine(Path.GetTempPath(), $"instr-sample-pause-{Guid.NewGuid():N}");
        var marker = pauseFile + ".paused";
        File.WriteAllText(pauseFile, string.Empty);
        try
        {
            using var app = SampleTargetProcess.Start("--pause-file", pauseFile, "--rate", "2000", "--threads", "2");

            // Started paused: not a single call before the file goes away.
            app.WaitUntil(() => File.Exists(marker), "the first pause marker");
            Assert.Equal(0, SampleTargetProcess.ParseSummary(File.ReadAllText(marker)).Values.Sum());

            File.Delete(pauseFile);
            app.WaitUntil(() => !File.Exists(marker), "the marker to go on resume");
            app.WaitUntil(() => ProgressMade(app, pauseFile, marker), "calls after resuming");

            // Paused again: the marker's counts are final until the file is deleted, and the exit summary agrees.
            var paused = SampleTargetProcess.ParseSummary(File.ReadAllText(marker));
            Assert.True(paused.Values.Sum() > 0);
            app.Signal(SigTerm);
            Assert.Equal(143, app.WaitForExit());
            Assert.Equal(paused, app.Summary());
            Assert.False(File.Exists(marker), "the marker must not outlive the process");
        }
        finally
        {
            File.Delete(pauseFile);
        }
    }

    [Theory]
    [InlineData(SigInt, 130)]
    [InlineData(SigTerm, 143)]
    public void Signals_stop_cleanly_with_the_summary(int signal, int exitCode)
    {
        using var app = SampleTargetProcess.Start("--rate", "500");
        app.WaitUntil(() => app.StandardOutput.Count > 0, "the banner");
        app.Signal(signal);
        Assert.Equal(exitCode, app.WaitForExit());
        Assert.Equal(Callables.CountedNames.Count, app.Summary().Count); // 26 callables + 8 constructors
    }

    [Theory]
    [InlineData("--bogus", "SampleTarget: unknown option '--bogus' (see --help)")]
    [InlineData("--rate", "SampleTarget: option --rate needs a value")]
    [InlineData("--threads=0", "SampleTarget: option --threads needs an integer between 1 and 256, not '0'")]
    [InlineData("--calls=1.5", "SampleTarget: option --calls needs an integer between 0 and 1000000000000000, not '1.5'")]
    public void Usage_errors_exit_2_with_one_line(string arg, string message)
    {
        using var app = SampleTargetProcess.Start(arg);
        Assert.Equal(2, app.WaitForExit());
        Assert.Equal(message, app.StandardError);
        Assert.Empty(app.StandardOutput);
    }

    /// <summary>Lets the loop run until it made some calls, then pauses it again (true once paused with progress).</summary>
    private static bool ProgressMade(SampleTargetProcess app, string pauseFile, string marker)
    {
        Thread.Sleep(50);
        File.WriteAllText(pauseFile, string.Empty);
        app.WaitUntil(() => File.Exists(marker), "the second pause marker");
        if (SampleTargetProcess.ParseSummary(File.ReadAllText(marker)).Values.Sum() > 0)
        {
            return true;
        }

        File.Delete(pauseFile);
        app.WaitUntil(() => !File.Exists(marker), "the marker to go on resume");
        return false;
    }

    /// <summary>Calls the loop made (the constructor slots count what those calls ran, not calls of their own).</summary>
    private static long CallsMade(IReadOnlyDictionary<string, long> summary) => Callables.All.Sum(c => summary[c.Name]);
}

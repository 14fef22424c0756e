using System.Diagnostics;
using Instr.Cli.Tests.Support;
using Instr.Cli.Transport;

namespace Instr.Cli.Tests.Transport;

public sealed class ProcessFactsTests
{
    [Fact]
    public void A_running_process_is_running_and_a_reaped_one_is_not()
    {
        Assert.True(ProcessFacts.IsRunning(Environment.ProcessId));
        Assert.False(ProcessFacts.IsRunning(DeadProcess.Pid()));
        Assert.False(ProcessFacts.IsRunning(0));
    }

    [Fact]
    public async Task A_zombie_is_not_running()
    {
        // `sleep 0` exits at once; its parent then becomes `sleep 30`, which never reaps it: a zombie whose /proc entry
        // stays (as an app does whose parent, a busy test runner, has not reaped it yet).
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 0 & echo $!; exec sleep 30"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            var zombie = int.Parse(await parent.StandardOutput.ReadLineAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            await WaitForStateAsync(zombie, 'Z');

            Assert.True(Directory.Exists($"/proc/{zombie}"));
            Assert.False(ProcessFacts.IsRunning(zombie));
            Assert.True(await ProcessFacts.ExitsWithinAsync(zombie, TimeSpan.Zero, CancellationToken.None));
        }
        finally
        {
            parent.Kill();
        }
    }

    [Fact]
    public async Task Waiting_for_a_live_process_to_exit_gives_up_after_the_grace()
    {
        Assert.False(await ProcessFacts.ExitsWithinAsync(Environment.ProcessId, TimeSpan.FromMilliseconds(100), CancellationToken.None));
    }

    private static async Task WaitForStateAsync(int pid, char state)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            if (stat[stat.LastIndexOf(')') + 2] == state)
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail($"process {pid} never reached state {state}");
    }
}

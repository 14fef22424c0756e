using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Instr.IntegrationTests.Cli;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;
using Instr.Protocol.V1;
using Xunit.Abstractions;

namespace Instr.IntegrationTests.Safety;

/// <summary>
/// A client that opens a Watch and a WatchChanges stream at the fastest interval (50 ms) on an app with 2,000 patched
/// methods (a full snapshot is ~0.3 MB, so a queue would grow by ~6 MB/s, 90 MB over the stall) and then never reads them. The agent awaits
/// each write, so HTTP/2 flow control must hold it: the app's memory stays flat, the stalled Watch holds no backlog
/// (reading it at the end gives a fresh snapshot after at most a few old ones, not the ~300 it would have queued), and
/// the app's own work rate with the stalled watcher is about what it is without (a ratio within this run, never a
/// wall-clock figure).
/// </summary>
[Collection(EndToEndCollection.SecondLane)]
public sealed class StalledWatcherTests(ITestOutputHelper output)
{
    private const string HotMethod = "ManyMethodsApp.Targets.Targets0:M0000(System.Int64)";
    private const long RssGrowthBoundKb = 32 * 1024;
    private static readonly TimeSpan s_rateWindow = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_stalledFor = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_watcher_that_never_reads_neither_grows_the_agent_nor_slows_the_app()
    {
        using var sandbox = new TestSandbox();
        var app = sandbox.StartApp(RepoLayout.TestApp("ManyMethodsApp"), withAgent: true, "--hot", "100", "--spin");
        await app.WaitForOutputAsync("ready: ");
        var socket = await sandbox.WaitForAgentSocketAsync(app);
        var pid = app.Pid.ToString(CultureInfo.InvariantCulture);
        CliAssert.Succeeds(await sandbox.RunInstrAsync(["patch", "-p", pid, "ManyMethodsApp.Targets.Targets0:*"], TimeSpan.FromSeconds(120)));
        CliAssert.Succeeds(await sandbox.RunInstrAsync(["patch", "-p", pid, "ManyMethodsApp.Targets.Targets1:*"], TimeSpan.FromSeconds(120)));
        using var reader = new AgentChannel(socket);
        var (snapshotBytes, methods) = await SnapshotSizeAsync(reader);
        Assert.Equal(2000, methods);

        var rateBefore = await RateAsync(reader);

        using var stalledWatch = new AgentChannel(socket);
        using var stalledChanges = new AgentChannel(socket);
        using var watch = stalledWatch.Client.Watch(new WatchRequest { IntervalMs = 50 });
        using var changes = stalledChanges.Client.WatchChanges(new WatchRequest { IntervalMs = 50 });
        await Task.Delay(TimeSpan.FromSeconds(2)); // let both fill what the transport will take, then stall
        var rssAtStall = RssKb(app.Pid);
        var rssMax = rssAtStall;
        var stalled = Stopwatch.StartNew();
        while (stalled.Elapsed < s_stalledFor - s_rateWindow)
        {
            await Task.Delay(500);
            rssMax = Math.Max(rssMax, RssKb(app.Pid));
        }

        var rateStalled = await RateAsync(reader);
        rssMax = Math.Max(rssMax, RssKb(app.Pid));

        // Now read the stalled Watch: what it hands over first is its backlog, then it catches up with the present.
        var readFrom = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var old = 0;
        while (true)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Assert.True(await watch.ResponseStream.MoveNext(timeout.Token), "the stalled Watch ended instead of resuming");
            if (watch.ResponseStream.Current.TimeUnixMs >= readFrom)
            {
                break;
            }

            old++;
            Assert.True(old < 20, $"the stalled Watch handed over {old} old snapshots: the agent queued them");
        }

        using var changesTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.True(await changes.ResponseStream.MoveNext(changesTimeout.Token), "the stalled WatchChanges stream ended instead of resuming");
        watch.Dispose();
        changes.Dispose();
        var rateAfter = await RateAsync(reader);

        var ratio = rateStalled / ((rateBefore + rateAfter) / 2);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"snapshot {snapshotBytes / 1024} KB; RSS {rssAtStall / 1024} MB at the stall, at most {rssMax / 1024} MB over {s_stalledFor.TotalSeconds:0} s; " +
            $"{old} old snapshots; app rate {rateBefore:0} / {rateStalled:0} / {rateAfter:0} calls/s (without / stalled / without): ratio {ratio:0.00}"));
        Assert.True(rssMax - rssAtStall < RssGrowthBoundKb,
            $"the app's RSS grew by {(rssMax - rssAtStall) / 1024} MB while a watcher did not read (bound {RssGrowthBoundKb / 1024} MB)");
        Assert.True(ratio > 0.5, string.Create(CultureInfo.InvariantCulture,
            $"the app did {rateStalled:0} calls/s with a stalled watcher, {rateBefore:0} and {rateAfter:0} without"));
        Assert.False(app.HasExited, app.StandardError);
    }

    /// <summary>The app's work rate: calls of its hottest method per second over a window (the hook counts them exactly).</summary>
    private static async Task<double> RateAsync(AgentChannel channel)
    {
        var before = await CallsAsync(channel);
        var clock = Stopwatch.StartNew();
        await Task.Delay(s_rateWindow);
        var after = await CallsAsync(channel);
        return (after - before) / clock.Elapsed.TotalSeconds;
    }

    private static async Task<long> CallsAsync(AgentChannel channel)
    {
        var snapshot = await OneSnapshotAsync(channel);
        return snapshot.Methods.Single(m => m.Name == HotMethod).Calls;
    }

    private static async Task<(int Bytes, int Methods)> SnapshotSizeAsync(AgentChannel channel)
    {
        var snapshot = await OneSnapshotAsync(channel);
        return (Google.Protobuf.MessageExtensions.ToByteArray(snapshot).Length, snapshot.Methods.Count);
    }

    private static async Task<WatchSnapshot> OneSnapshotAsync(AgentChannel channel)
    {
        using var call = channel.Client.Watch(new WatchRequest { Count = 1 }, deadline: DateTime.UtcNow.AddSeconds(60));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "Watch --count 1 sent nothing");
        return call.ResponseStream.Current;
    }

    private static long RssKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}

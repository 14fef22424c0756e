using Google.Protobuf;
using Grpc.Core;
using Instr.IntegrationTests.Cli;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;
using Instr.Protocol.V1;

namespace Instr.IntegrationTests.Safety;

/// <summary>
/// The watch stream at scale, on the wire: names, notes and status travel once per stream (and again only when they
/// change), each message carries only the counters that moved, so a quiet app's messages are a few bytes; the deltas
/// add up exactly to SampleTarget's own calls; an unpatch is an id in `removed`, a new patch a new description.
/// </summary>
public sealed class WatchChangesStreamTests
{
    private const string Modules = "SampleTarget.Modules.";
    private const int QuietMessageBound = 32; // time and pid, nothing else

    [Fact]
    public async Task Names_travel_once_a_quiet_app_costs_a_few_bytes_and_the_deltas_add_up_exactly()
    {
        using var session = await SampleTargetSession.StartPausedAsync(rate: 1000);
        await CountedRun.WarmUpAsync(session);
        CliAssert.Succeeds(await session.InstrAsync("patch", "-p", session.Pid, Modules + "*"));
        using var before = await session.WatchOnceAsync();
        using var channel = new AgentChannel(await session.Sandbox.WaitForAgentSocketAsync(session.App));
        using var stream = channel.Client.WatchChanges(new WatchRequest { IntervalMs = 50 });

        var first = await NextAsync(stream);
        var names = first.Described.ToDictionary(d => d.Id, d => d.Method.Name);
        // Every live patch, once: the module methods SampleTarget counts itself and the compiler's helpers among them.
        Assert.Equal(before.RootElement.GetProperty("methods").GetArrayLength(), names.Count);
        var counted = TruthNames(before);
        Assert.Equal(34, counted.Count);
        Assert.All(counted, n => Assert.Contains(n, names.Values));
        Assert.All(first.Counters, c => Assert.Equal(0, c.CallsDelta));
        for (var i = 0; i < 10; i++)
        {
            var quiet = await NextAsync(stream);
            Assert.True(quiet.Described.Count == 0 && quiet.Removed.Count == 0 && quiet.Counters.Count == 0, $"a quiet app's message carries more than the time: {quiet}");
            Assert.True(quiet.CalculateSize() < QuietMessageBound, $"a quiet app's message is {quiet.CalculateSize()} bytes");
        }

        session.Resume();
        await Task.Delay(500);
        await session.PauseAsync();
        var pausedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var calls = names.Keys.ToDictionary(id => id, _ => 0L);
        WatchDelta delta;
        do
        {
            delta = await NextAsync(stream);
            Assert.Empty(delta.Described);
            foreach (var change in delta.Counters)
            {
                calls[change.Id] += change.CallsDelta;
            }
        }
        while (delta.TimeUnixMs <= pausedAt);

        using var after = await session.WatchOnceAsync();
        foreach (var (id, name) in names.Where(n => counted.Contains(n.Value)))
        {
            var made = WatchSnapshotReader.GroundTruth(after, name) - WatchSnapshotReader.GroundTruth(before, name);
            Assert.True(made == calls[id], $"{name}: SampleTarget made {made} calls, the stream's deltas add up to {calls[id]}");
        }

        Assert.True(calls.Values.Sum() > 100, "SampleTarget hardly ran");

        CliAssert.Succeeds(await session.InstrAsync("unpatch", "-p", session.Pid, Modules + "ModuleD*"));
        // The unpatch goes method by method, so a message may fall in its middle: collect the ids until all are there.
        var expectedRemoved = names.Where(n => n.Value.StartsWith(Modules + "ModuleD", StringComparison.Ordinal)).Select(n => n.Key).ToHashSet();
        var removed = new List<uint>();
        for (var i = 0; i < 1200 && !expectedRemoved.IsSubsetOf(removed); i++)
        {
            removed.AddRange((await NextAsync(stream)).Removed);
        }

        Assert.Equal(expectedRemoved.Order(), removed.Order());

        CliAssert.Succeeds(await session.InstrAsync("patch", "-p", session.Pid, Modules + "ModuleD:FuncD1"));
        var described = await NextWhereAsync(stream, d => d.Described.Count > 0);
        Assert.Equal(Modules + "ModuleD:FuncD1()", Assert.Single(described.Described).Method.Name);
    }

    private static List<string> TruthNames(System.Text.Json.JsonDocument snapshot) =>
        [.. snapshot.RootElement.GetProperty("meters").EnumerateArray()
            .Where(m => m.GetProperty("meter").GetString() == "SampleTarget" && m.GetProperty("instrument").GetString() == "sample.calls")
            .Select(m => m.GetProperty("tags").GetProperty("method").GetString()!)];

    private static async Task<WatchDelta> NextAsync(AsyncServerStreamingCall<WatchDelta> stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token), "the WatchChanges stream ended");
        return stream.ResponseStream.Current;
    }

    private static async Task<WatchDelta> NextWhereAsync(AsyncServerStreamingCall<WatchDelta> stream, Func<WatchDelta, bool> wanted)
    {
        for (var i = 0; i < 1200; i++)
        {
            var delta = await NextAsync(stream);
            if (wanted(delta))
            {
                return delta;
            }
        }

        throw new TimeoutException("the stream never carried the expected change");
    }
}

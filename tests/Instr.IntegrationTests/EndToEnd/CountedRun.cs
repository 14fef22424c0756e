using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.EndToEnd;

/// <summary>
/// The ground-truth routine the exporter tests share: with SampleTarget paused, patch one method, then let the loop
/// run in short bursts (pausing between calls each time) until SampleTarget itself has called the method at least
/// <c>minimumCalls</c> times since the patch. Returns that number, after checking that `instr watch` shows exactly
/// it; the app stays paused, so every exporter must then report the same number.
/// </summary>
internal static class CountedRun
{
    public static async Task<long> PatchAndRunAsync(SampleTargetSession session, string method, int minimumCalls = 10) =>
        await RunAsync(session, method, await PatchAsync(session, method), minimumCalls);

    /// <summary>Patches <paramref name="method"/> while the app is paused; returns SampleTarget's own count at that moment.</summary>
    public static async Task<long> PatchAsync(SampleTargetSession session, string method, string probe = "count")
    {
        var patch = await session.InstrAsync("patch", "-p", session.Pid, method, "--probe", probe);
        Assert.True(patch.ExitCode == 0, $"patch {method}: {patch}");
        using var before = await session.WatchOnceAsync();
        Assert.Equal(0, WatchSnapshotReader.HookCount(before, method)?.Calls);
        return WatchSnapshotReader.GroundTruth(before, method);
    }

    /// <summary>Runs the loop in bursts until the method was called <paramref name="minimumCalls"/> times since
    /// <paramref name="truthBefore"/>; leaves the app paused and returns the number of calls.</summary>
    public static async Task<long> RunAsync(SampleTargetSession session, string method, long truthBefore, int minimumCalls = 10)
    {
        for (var round = 0; round < 60; round++)
        {
            session.Resume();
            await Task.Delay(300);
            await session.PauseAsync();
            using var after = await session.WatchOnceAsync();
            var calls = WatchSnapshotReader.GroundTruth(after, method) - truthBefore;
            if (calls >= minimumCalls)
            {
                var hook = WatchSnapshotReader.HookCount(after, method)?.Calls;
                Assert.True(hook == calls, $"{method}: SampleTarget made {calls} calls, instr watch shows {hook}");
                return calls;
            }
        }

        throw new TimeoutException($"SampleTarget did not call {method} {minimumCalls} times");
    }

    /// <summary>Runs the loop for a moment first (compiled code, tier-up), as in real use, and pauses again.</summary>
    public static async Task WarmUpAsync(SampleTargetSession session)
    {
        session.Resume();
        await Task.Delay(1000);
        await session.PauseAsync();
    }
}

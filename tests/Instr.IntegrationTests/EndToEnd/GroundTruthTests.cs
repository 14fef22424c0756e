using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.EndToEnd;

/// <summary>
/// The product's promise, end to end with real processes: the count `instr watch` shows for a patched method equals
/// the number of calls SampleTarget itself made (its `SampleTarget` meter), exactly; after unpatching it stops.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class GroundTruthTests
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1";

    [Fact]
    public async Task Hook_count_equals_SampleTargets_own_count_and_stops_after_unpatch()
    {
        using var session = await SampleTargetSession.StartPausedAsync();

        var patch = await session.InstrAsync("patch", "-p", session.Pid, FuncA1);
        Assert.True(patch.ExitCode == 0, patch.ToString());

        using var before = await session.WatchOnceAsync();
        var (name, hookBefore) = WatchSnapshotReader.HookCount(before, FuncA1 + "(")
            ?? throw new Xunit.Sdk.XunitException($"{FuncA1} is not in the watch output: {before.RootElement}");
        var truthBefore = WatchSnapshotReader.GroundTruth(before, name);
        Assert.Equal(0, hookBefore); // patched while the loop was paused: nothing ran since

        // Let the loop run until FuncA1 was called a fair number of times, then stop it between calls.
        long hookAfter = 0, truthAfter = 0;
        for (var round = 0; round < 20 && truthAfter - truthBefore < 25; round++)
        {
            session.Resume();
            await Task.Delay(300);
            await session.PauseAsync();
            using var after = await session.WatchOnceAsync();
            hookAfter = WatchSnapshotReader.HookCount(after, FuncA1 + "(")!.Value.Calls;
            truthAfter = WatchSnapshotReader.GroundTruth(after, name);
        }

        Assert.True(truthAfter - truthBefore >= 25, $"SampleTarget called {name} only {truthAfter - truthBefore} times");
        Assert.Equal(truthAfter - truthBefore, hookAfter - hookBefore);

        var unpatch = await session.InstrAsync("unpatch", "-p", session.Pid, FuncA1, "--json");
        Assert.True(unpatch.ExitCode == 0, unpatch.ToString());
        Assert.Contains(name, unpatch.StandardOutput, StringComparison.Ordinal);

        // The loop runs on; the method is no longer watched and lists as unpatched with no count.
        session.Resume();
        await Task.Delay(300);
        await session.PauseAsync();
        using var afterUnpatch = await session.WatchOnceAsync();
        Assert.Null(WatchSnapshotReader.HookCount(afterUnpatch, FuncA1 + "("));

        var list = await session.InstrAsync("list", "-p", session.Pid, FuncA1, "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("\"patched\":false", list.StandardOutput.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(session.App.HasExited);
    }
}

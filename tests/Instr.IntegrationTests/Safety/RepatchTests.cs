using System.Text.Json;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Safety;

/// <summary>
/// Patch, unpatch, patch again — what the patch storm does many times, once and in order: the second patch must be as
/// complete and as exact as the first. SampleTarget warmed up, every module method patched and run, module D unpatched
/// and run (its methods are compiled again without the patch), module D patched again: complete coverage, and each of
/// its methods counts exactly SampleTarget's own calls.
/// </summary>
[Collection(EndToEndCollection.SecondLane)]
public sealed class RepatchTests
{
    private const string Modules = "SampleTarget.Modules.";

    /// <summary>Found by the patch storm: the second patch reported "partial coverage: method body shorter than a jump"
    /// for a constructor's 1-byte body and FuncD2's 4-byte body — bodies of the code the runtime had replaced (the
    /// original code of methods recompiled for the first patch), which no entry point leads to any more.</summary>
    [Fact]
    public async Task A_module_patched_again_after_an_unpatch_is_complete_and_exact()
    {
        using var session = await SampleTargetSession.StartPausedAsync(rate: 1500);
        await RunAsync(session, TimeSpan.FromSeconds(3));
        Assert.Equal(0, (await session.InstrAsync("patch", "-p", session.Pid, Modules + "*")).ExitCode);
        await RunAsync(session, TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await session.InstrAsync("unpatch", "-p", session.Pid, Modules + "ModuleD*")).ExitCode);
        await RunAsync(session, TimeSpan.FromSeconds(1));

        var again = await session.InstrAsync("patch", "-p", session.Pid, Modules + "ModuleD*", "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        var partial = JsonDocument.Parse(again.StandardOutput).RootElement.GetProperty("patched").EnumerateArray()
            .Select(p => (Name: p.GetProperty("name").GetString(), Coverage: CoverageFields.Read(p)))
            .Where(p => p.Coverage.Reason is not null)
            .Select(p => $"{p.Name}: {p.Coverage.Reason}")
            .ToList();
        Assert.True(partial.Count == 0, $"patched again, {partial.Count} methods are only partly covered:\n{string.Join('\n', partial)}");

        using var before = await session.WatchOnceAsync();
        var moduleD = before.RootElement.GetProperty("meters").EnumerateArray()
            .Select(m => m.GetProperty("tags").GetProperty("method").GetString()!)
            .Where(n => n.StartsWith(Modules + "ModuleD", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(9, moduleD.Count);
        var truthBefore = moduleD.ToDictionary(m => m, m => WatchSnapshotReader.GroundTruth(before, m));
        var hookBefore = moduleD.ToDictionary(m => m, m => WatchSnapshotReader.HookCount(before, m)?.Calls ?? 0);
        await RunAsync(session, TimeSpan.FromSeconds(1));
        using var after = await session.WatchOnceAsync();
        var mismatches = moduleD
            .Select(m => (Name: m, Made: WatchSnapshotReader.GroundTruth(after, m) - truthBefore[m], Counted: (WatchSnapshotReader.HookCount(after, m)?.Calls ?? 0) - hookBefore[m]))
            .Where(m => m.Made != m.Counted)
            .Select(m => $"{m.Name}: SampleTarget made {m.Made} calls, the hook counted {m.Counted}")
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    private static async Task RunAsync(SampleTargetSession session, TimeSpan duration)
    {
        session.Resume();
        await Task.Delay(duration);
        await session.PauseAsync();
    }
}

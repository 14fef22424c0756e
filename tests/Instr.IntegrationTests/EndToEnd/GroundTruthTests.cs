using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.EndToEnd;

/// <summary>
/// The product's promise, end to end with real processes: the count `instr watch` shows for a patched method equals
/// the number of calls SampleTarget itself made (its `SampleTarget` meter), exactly; after unpatching it stops.
/// One method of each kind SampleTarget has: static, instance, virtual override called through the base type, async
/// kick-off, generic method (value-type and shared reference-type instantiations counted together), and a static
/// whose body starts with a call (it cannot take a body jump, so the engine counts it at its entry point).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class GroundTruthTests
{
    private const string Modules = "SampleTarget.Modules.";

    private static readonly string[] Methods =
    [
        Modules + "ModuleA:FuncA1(System.Int32)",
        Modules + "ModuleC+ClassC1:Accumulate(System.Int32)",
        Modules + "ModuleB+ClassB1Derived:Describe()",
        Modules + "ModuleC:FetchAsync(System.Int32)",
        Modules + "ModuleD:Echo``1(T)",
        Modules + "ModuleD:FuncD1()",
    ];

    /// <summary>On the installed .NET 10 and self-contained on .NET 8, 9 and 10 (no shared framework, ASP.NET Core
    /// carried by the agent).</summary>
    [Theory]
    [MemberData(nameof(AppRuntime.All), MemberType = typeof(AppRuntime))]
    public async Task Hook_counts_equal_SampleTargets_own_counts_and_stop_after_unpatch(string runtime)
    {
        using var session = await SampleTargetSession.StartPausedAsync(runtime: runtime);
        await AssertExactCountsThenUnpatchAsync(session);
    }

    /// <summary>`instr attach` to an app started without the hook, on .NET 8 and 9: the same exact counts.</summary>
    [Theory]
    [MemberData(nameof(AppRuntime.Older), MemberType = typeof(AppRuntime))]
    public async Task Attached_agent_counts_equal_SampleTargets_own_counts(string runtime)
    {
        using var session = await SampleTargetSession.StartPausedAsync(runtime: runtime, attach: true);
        await AssertExactCountsThenUnpatchAsync(session);
    }

    private static async Task AssertExactCountsThenUnpatchAsync(SampleTargetSession session)
    {

        // Run the app for a while first, so every method has compiled code (the generic method needs a compiled
        // instantiation to be patchable) and some have tiered up: patching a running app is the real case.
        session.Resume();
        await Task.Delay(1500);
        await session.PauseAsync();
        foreach (var method in Methods)
        {
            var patch = await session.InstrAsync("patch", "-p", session.Pid, method);
            Assert.True(patch.ExitCode == 0, $"{method}: {patch}");
        }

        using var before = await session.WatchOnceAsync();
        var truthBefore = Methods.ToDictionary(m => m, m => WatchSnapshotReader.GroundTruth(before, m));
        foreach (var method in Methods)
        {
            // Patched while the loop was paused: nothing ran since.
            Assert.Equal(0, HookCount(before, method));
        }

        // Let the loop run until every method was called a fair number of times, then stop it between calls.
        var hook = new Dictionary<string, long>();
        var truth = new Dictionary<string, long>();
        for (var round = 0; round < 40 && (truth.Count == 0 || Methods.Any(m => truth[m] - truthBefore[m] < 10)); round++)
        {
            session.Resume();
            await Task.Delay(300);
            await session.PauseAsync();
            using var after = await session.WatchOnceAsync();
            foreach (var method in Methods)
            {
                hook[method] = HookCount(after, method);
                truth[method] = WatchSnapshotReader.GroundTruth(after, method);
            }
        }

        foreach (var method in Methods)
        {
            var calls = truth[method] - truthBefore[method];
            Assert.True(calls >= 10, $"SampleTarget called {method} only {calls} times");
            Assert.True(calls == hook[method], $"{method}: SampleTarget made {calls} calls, the hook counted {hook[method]}");
        }

        var unpatch = await session.InstrAsync("unpatch", "-p", session.Pid, "--all", "--json");
        Assert.True(unpatch.ExitCode == 0, unpatch.ToString());
        Assert.All(Methods, m => Assert.Contains(m, unpatch.StandardOutput, StringComparison.Ordinal));

        // The loop runs on; nothing is watched any more and the methods list as unpatched.
        session.Resume();
        await Task.Delay(300);
        await session.PauseAsync();
        using var afterUnpatch = await session.WatchOnceAsync();
        Assert.Empty(afterUnpatch.RootElement.GetProperty("methods").EnumerateArray());

        var list = await session.InstrAsync("list", "-p", session.Pid, Methods[0], "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("\"patched\":false", list.StandardOutput.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(session.App.HasExited);
    }

    private static long HookCount(System.Text.Json.JsonDocument snapshot, string method) =>
        WatchSnapshotReader.HookCount(snapshot, method)?.Calls
        ?? throw new Xunit.Sdk.XunitException($"{method} is not in the watch output: {snapshot.RootElement}");
}

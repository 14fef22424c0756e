using System.Text.Json;
using Instr.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Instr.IntegrationTests.EndToEnd;

/// <summary>
/// The product's promise, end to end with real processes, the way people use instr: SampleTarget runs for 10 s (its
/// modules carry no inlining hints, so the JIT has compiled its hot loop at Tier1 with the small callables inlined),
/// then every method of <c>SampleTarget.Modules.*</c> is patched at once, and for every method SampleTarget counts
/// itself — each of its 26 callables and the 8 constructors its Create methods run — the count `instr watch` shows
/// must equal SampleTarget's own count over the same window (its <c>SampleTarget</c> meter), exactly. After unpatching,
/// nothing is counted any more.
/// </summary>
/// <remarks>
/// Exactness of the comparison: the loop only stops between two calls (`--pause-file`), and both counts are read at
/// such a moment — the baseline right after the patch (taken while paused, so no call is in flight), the final
/// values after several run/pause rounds. A call the loop made is in its ground truth exactly when it has returned,
/// and it is counted by the hook on entry: at a pause the two describe the same calls.
/// </remarks>
[Collection(EndToEndCollection.Name)]
public sealed class GroundTruthTests(ITestOutputHelper output)
{
    private const string Modules = "SampleTarget.Modules.";

    // 4 modules × (2 functions + instance, static and virtual method + the override) + the async and the generic
    // method; and each module's two classes' constructors, which its Create method runs.
    private const int CallableCount = 26;
    private const int ConstructorCount = 8;

    /// <summary>On the installed .NET 10 and self-contained on .NET 8, 9 and 10 (no shared framework, ASP.NET Core
    /// carried by the agent).</summary>
    [Theory]
    [MemberData(nameof(AppRuntime.All), MemberType = typeof(AppRuntime))]
    public async Task Every_module_method_patched_after_ten_seconds_counts_exactly_the_calls_SampleTarget_made(string runtime)
    {
        using var session = await SampleTargetSession.StartPausedAsync(rate: 1000, runtime: runtime);
        await AssertExactCountsThenUnpatchAsync(session);
    }

    /// <summary>`instr attach` to an app started without the hook, on .NET 8 and 9: the same exact counts.</summary>
    [Theory]
    [MemberData(nameof(AppRuntime.Older), MemberType = typeof(AppRuntime))]
    public async Task Attached_after_ten_seconds_every_module_method_counts_exactly_the_calls_SampleTarget_made(string runtime)
    {
        using var session = await SampleTargetSession.StartPausedAsync(rate: 1000, runtime: runtime, attach: true);
        await AssertExactCountsThenUnpatchAsync(session);
    }

    /// <summary>The same exact counts with the timing probe (on the installed .NET 10), every method also reporting
    /// durations; the generic method definition is refused for timing with its reason. Each call must run the body it
    /// was dispatched to: a wrapper that kept calling the body it first timed (compiled before the patch, with copies
    /// of other patched methods inlined) lost 5-30% of the constructors' calls.</summary>
    [Fact]
    public async Task With_the_timing_probe_every_module_method_counts_exactly_and_is_timed()
    {
        using var session = await SampleTargetSession.StartPausedAsync(rate: 1000, runtime: AppRuntime.Installed);
        await AssertExactCountsThenUnpatchAsync(session, timing: true);
    }

    private async Task AssertExactCountsThenUnpatchAsync(SampleTargetSession session, bool timing = false)
    {

        session.Resume();
        await Task.Delay(TimeSpan.FromSeconds(10));
        await session.PauseAsync();

        var patch = timing
            ? await session.InstrAsync("patch", "-p", session.Pid, Modules + "*", "--probe", "timing", "--json")
            : await session.InstrAsync("patch", "-p", session.Pid, Modules + "*", "--json");
        Assert.True(patch.ExitCode == 0, patch.ToString());
        var coverage = PatchedCoverage(patch.StandardOutput);

        using var before = await session.WatchOnceAsync();
        var counted = TruthSeries(before);
        Assert.Equal(CallableCount + ConstructorCount, counted.Count);
        Assert.Equal(ConstructorCount, counted.Count(n => n.EndsWith(":.ctor()", StringComparison.Ordinal)));
        if (timing)
        {
            // The timing wrapper needs one instantiation's argument list: the generic definition is refused, by name.
            const string GenericDefinition = Modules + "ModuleD:Echo``1(T)";
            var skipped = JsonDocument.Parse(patch.StandardOutput).RootElement.GetProperty("skipped").EnumerateArray()
                .Single(m => m.GetProperty("name").GetString() == GenericDefinition);
            Assert.StartsWith("generic definition", skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.True(counted.Remove(GenericDefinition), $"{GenericDefinition} has no ground truth");
        }

        var truthBefore = counted.ToDictionary(m => m, m => WatchSnapshotReader.GroundTruth(before, m));
        foreach (var method in counted)
        {
            Assert.True(coverage.ContainsKey(method), $"{method} was not patched: {patch.StandardOutput}");
            Assert.True(truthBefore[method] > 0, $"SampleTarget never called {method} in 10 s");

            // Patched while the loop was paused: nothing ran since.
            Assert.Equal(0, HookCount(before, method));
        }

        // Let the loop run until every method was called a fair number of times, stopping it between calls.
        var hook = new Dictionary<string, long>();
        var truth = new Dictionary<string, long>();
        for (var round = 0; round < 40 && (truth.Count == 0 || counted.Any(m => truth[m] - truthBefore[m] < 10)); round++)
        {
            session.Resume();
            await Task.Delay(300);
            await session.PauseAsync();
            using var after = await session.WatchOnceAsync();
            foreach (var method in counted)
            {
                hook[method] = HookCount(after, method);
                truth[method] = WatchSnapshotReader.GroundTruth(after, method);
            }

            foreach (var method in counted)
            {
                coverage[method] = WatchCoverage(after, method);
            }

            if (timing)
            {
                AssertTimed(after, counted, hook);
            }
        }

        var mismatches = new List<string>();
        foreach (var method in counted)
        {
            var calls = truth[method] - truthBefore[method];
            Assert.True(calls >= 10, $"SampleTarget called {method} only {calls} times");
            var line = $"{method}: SampleTarget made {calls} calls, the hook counted {hook[method]} (coverage {coverage[method]})";
            output.WriteLine(line);
            if (calls != hook[method])
            {
                mismatches.Add(line);
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {counted.Count} methods are not counted exactly:\n{string.Join('\n', mismatches)}");

        var unpatch = await session.InstrAsync("unpatch", "-p", session.Pid, "--all", "--json");
        Assert.True(unpatch.ExitCode == 0, unpatch.ToString());
        Assert.All(counted, m => Assert.Contains(m, unpatch.StandardOutput, StringComparison.Ordinal));

        // The loop runs on; nothing is watched any more and the methods list as unpatched.
        session.Resume();
        await Task.Delay(300);
        await session.PauseAsync();
        using var afterUnpatch = await session.WatchOnceAsync();
        Assert.Empty(afterUnpatch.RootElement.GetProperty("methods").EnumerateArray());

        var list = await session.InstrAsync("list", "-p", session.Pid, Modules + "ModuleA:FuncA1", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("\"patched\":false", list.StandardOutput.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(session.App.HasExited);
    }

    /// <summary>Each method is watched with the timing probe and carries its duration fields.</summary>
    private static void AssertTimed(JsonDocument snapshot, List<string> methods, Dictionary<string, long> hook)
    {
        foreach (var method in methods)
        {
            var row = snapshot.RootElement.GetProperty("methods").EnumerateArray().Single(m => m.GetProperty("name").GetString() == method);
            Assert.Equal("timing", row.GetProperty("probe").GetString());
            foreach (var field in new[] { "p50_us", "p99_us", "max_us", "exceptions", "window_p50_us", "window_p99_us", "window_max_us", "window_exceptions" })
            {
                Assert.True(row.TryGetProperty(field, out var value) && value.GetDouble() >= 0, $"{method}: no {field} in {row}");
            }

            if (hook[method] > 0)
            {
                Assert.True(row.GetProperty("max_us").GetDouble() > 0, $"{method}: counted {hook[method]} calls but timed none: {row}");
            }

            // Task-returning methods (ModuleC's FetchAsync) also report the part until the task was returned; others do not.
            var returnedTasks = method.Contains("Async(", StringComparison.Ordinal) && hook[method] > 0;
            Assert.True(returnedTasks == row.TryGetProperty("sync_p50_us", out _), $"{method}: sync_p50_us expected exactly for a task-returning method that was called: {row}");
            if (returnedTasks)
            {
                Assert.True(row.GetProperty("sync_max_us").GetDouble() > 0, $"{method}: no synchronous part timed: {row}");
            }
        }
    }

    /// <summary>Every method SampleTarget keeps ground truth for: the <c>method</c> tags of its <c>sample.calls</c>.</summary>
    private static List<string> TruthSeries(JsonDocument snapshot) =>
        [.. snapshot.RootElement.GetProperty("meters").EnumerateArray()
            .Where(m => m.GetProperty("meter").GetString() == "SampleTarget" && m.GetProperty("instrument").GetString() == "sample.calls")
            .Select(m => m.GetProperty("tags").GetProperty("method").GetString()!)
            .Order(StringComparer.Ordinal)];

    private static Dictionary<string, string> PatchedCoverage(string patchJson) =>
        JsonDocument.Parse(patchJson).RootElement.GetProperty("patched").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, Describe);

    private static string WatchCoverage(JsonDocument snapshot, string method) =>
        snapshot.RootElement.GetProperty("methods").EnumerateArray()
            .Where(m => m.GetProperty("name").GetString() == method)
            .Select(Describe)
            .Single();

    private static string Describe(JsonElement entry)
    {
        var (coverage, reason) = CoverageFields.Read(entry);
        return reason is null ? coverage : $"{coverage}: {reason}";
    }

    private static long HookCount(JsonDocument snapshot, string method) =>
        WatchSnapshotReader.HookCount(snapshot, method)?.Calls
        ?? throw new Xunit.Sdk.XunitException($"{method} is not in the watch output: {snapshot.RootElement}");
}

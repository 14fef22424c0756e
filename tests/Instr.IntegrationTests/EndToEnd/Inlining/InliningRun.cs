using System.Text;
using Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;
using Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.EndToEnd.Inlining;

/// <summary>
/// The acceptance run, as a user does it: start a template app, drive it with a real client, `instr patch` its methods
/// (after warm-up, or before the first request as the control), drive it N more rounds, then `instr watch --once
/// --json`: every patched method's count must equal the calls the test's own requests caused, exactly.
/// </summary>
internal static class InliningRun
{
    /// <summary>Rounds before the patch: ≥ 300 requests per endpoint, far past tier-up's 30 calls.</summary>
    public const int WarmUpRounds = 300;

    /// <summary>Rounds after the patch whose calls are counted.</summary>
    public const int MeasuredRounds = 200;

    public static async Task RunAsync(WebScenario scenario, PatchMoment moment, AgentArrival arrival = AgentArrival.AtStartup, bool withOtherProfiler = false)
    {
        await using var _ = scenario;
        using var sandbox = new TestSandbox();
        using var web = await StartAsync(sandbox, scenario, withAgent: arrival == AgentArrival.AtStartup, withOtherProfiler);
        var instr = new InstrCommands(sandbox, web);
        scenario.Connect(web);
        if (moment == PatchMoment.AfterWarmUp)
        {
            await DriveAsync(scenario, web, WarmUpRounds);
        }

        if (arrival == AgentArrival.Attach)
        {
            await instr.AttachAsync();
        }

        if (moment == PatchMoment.AfterWarmUp)
        {
            await instr.WaitForJitQuietAsync(TimeSpan.FromSeconds(90));
        }

        var targets = await scenario.TargetsAsync(instr);
        foreach (var target in targets)
        {
            await instr.PatchAsync(target.Method);
        }

        // Before the first request, the control drives warm-up and measurement as one stretch: every call is counted.
        var counted = (moment == PatchMoment.BeforeFirstRequest ? WarmUpRounds : 0) + MeasuredRounds;
        await DriveAsync(scenario, web, counted);
        var watched = await instr.WatchOnceAsync();

        Assert.False(web.Process.HasExited, $"the app exited\n{web.Output}");
        AssertExact(targets, counted, watched, web);
    }

    private static async Task<WebAppProcess> StartAsync(TestSandbox sandbox, WebScenario scenario, bool withAgent, bool withOtherProfiler)
    {
        var app = await TemplateAppBuilder.GetAsync(scenario.Recipe);
        var environment = new Dictionary<string, string?>(scenario.Environment);
        var marker = Path.Combine(sandbox.Root, "null-profiler.marker");
        if (withOtherProfiler)
        {
            foreach (var (name, value) in await NullProfiler.EnvironmentAsync(marker))
            {
                environment[name] = value;
            }
        }

        var web = await WebAppProcess.StartAsync(sandbox, app, withAgent, environment);
        if (withOtherProfiler)
        {
            var lines = File.Exists(marker) ? File.ReadAllLines(marker) : [];
            if (!lines.Contains(NullProfiler.InitializedLine(web.Pid)))
            {
                web.Dispose();
                throw new Xunit.Sdk.XunitException($"the runtime did not initialize NullProfiler (marker: {string.Join(" | ", lines)})\n{web.Output}");
            }

            if (!await NullProfiler.HoldsTheProfilerSlotAsync(web.Pid))
            {
                web.Dispose();
                throw new Xunit.Sdk.XunitException($"NullProfiler is loaded but the runtime still accepts another profiler\n{web.Output}");
            }
        }

        return web;
    }

    private static async Task DriveAsync(WebScenario scenario, WebAppProcess web, int rounds)
    {
        for (var round = 0; round < rounds; round++)
        {
            try
            {
                await scenario.RoundAsync();
            }
            catch (Exception e) when (e is HttpRequestException or Grpc.Core.RpcException or Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"round {round + 1} of {rounds}: {e.Message}\n{web.Output}");
            }
        }
    }

    // One message for all methods, matching ones included, so a failure shows the whole picture at once.
    private static void AssertExact(IReadOnlyList<ExpectedCalls> targets, int rounds, IReadOnlyDictionary<string, WatchedMethod> watched, WebAppProcess web)
    {
        var report = new StringBuilder();
        var wrong = 0;
        foreach (var target in targets)
        {
            var expected = (long)target.PerRound * rounds;
            if (!watched.TryGetValue(target.Method, out var counted))
            {
                wrong++;
                report.AppendLine($"  {target.Method}: not in the watch output");
                continue;
            }

            var verdict = counted.Calls == expected ? "ok" : "WRONG";
            wrong += counted.Calls == expected ? 0 : 1;
            report.AppendLine($"  {verdict} {target.Method}: {counted.Calls} of {expected} ({target.PerRound} per round × {rounds}: {target.Why})");
            if (counted.Calls != expected)
            {
                report.AppendLine($"      {Shorten(counted.Details)}");
            }
        }

        Assert.True(wrong == 0, $"{wrong} of {targets.Count} counts are not exact (pid {web.Pid}):\n{report}");
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "...";
}

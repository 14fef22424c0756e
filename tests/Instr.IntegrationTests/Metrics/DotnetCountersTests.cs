using System.Globalization;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Metrics;

/// <summary>
/// The Meter `instr` lives in the app's process, so the standard tool sees it: dotnet-counters (installed by the
/// test into a temporary tool path, as a user would) collects `instr.calls` from a running SampleTarget, and the
/// increments it reports add up to exactly the calls SampleTarget made after the session began. The method is patched
/// with the timing probe, so dotnet-counters also reports `instr.duration` percentiles for it.
/// </summary>
[Collection(EndToEndCollection.SecondLane)]
public sealed class DotnetCountersTests
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";
    private const string DotnetCountersVersion = "10.0.750501";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Dotnet_counters_collect_counters_instr_reports_the_exact_count()
    {
        using var session = await SampleTargetSession.StartPausedAsync();
        var tool = await InstallAsync(session.Sandbox);
        await CountedRun.WarmUpAsync(session);
        var truthBefore = await CountedRun.PatchAsync(session, FuncA1, probe: "timing");

        var output = Path.Combine(session.Sandbox.Root, "counters.csv");
        var collect = session.Sandbox.Start(tool, ["collect", "-p", session.Pid, "--counters", "instr", "--refresh-interval", "1", "--format", "csv", "-o", output], withAgent: false);
        // dotnet-counters reports a counter as its increase per interval, from its first reading on: wait for a
        // reading of the still-zero count before any call is made, so every call lands in a reported increase.
        await Poll.UntilAsync(() => Increments(output).Count > 0, Timeout,
            () => $"dotnet-counters reported nothing for {FuncA1}\n{collect.StandardOutput}\n{collect.StandardError}",
            () => collect.HasExited ? $"dotnet-counters exited: {collect.StandardError}" : null);

        var calls = await CountedRun.RunAsync(session, FuncA1, truthBefore);

        await Poll.UntilAsync(() => Increments(output).Sum() == calls, Timeout,
            () => $"dotnet-counters increments add up to {Increments(output).Sum()}, SampleTarget made {calls} calls");
        // dotnet-counters' own quantiles of the per-call measurements: FuncA1 takes microseconds, not nothing, not seconds.
        await Poll.UntilAsync(() => Rows(output, "instr.duration", "Percentile=50").Count > 0, Timeout,
            () => $"dotnet-counters reported no instr.duration for {FuncA1}");
        var medians = Rows(output, "instr.duration", "Percentile=50");
        Assert.All(medians, median => Assert.InRange(median, 1e-8, 0.01));
        Assert.True(collect.Signal(Signals.SigInt));
        await collect.WaitForExitAsync(Timeout);
    }

    private static async Task<string> InstallAsync(TestSandbox sandbox)
    {
        var toolPath = Path.Combine(sandbox.Root, "tools");
        using var install = sandbox.Start(RepoLayout.DotnetHost, ["tool", "install", "dotnet-counters", "--tool-path", toolPath, "--version", DotnetCountersVersion], withAgent: false);
        var code = await install.WaitForExitAsync(TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"dotnet tool install dotnet-counters failed ({code}): {install.StandardOutput}{install.StandardError}");
        return Path.Combine(toolPath, "dotnet-counters");
    }

    /// <summary>The "Mean/Increment" column of every instr.calls row for FuncA1 (CSV lines written as they come).</summary>
    private static List<long> Increments(string csv) => Rows(csv, "instr.calls").Select(v => (long)v).ToList();

    /// <summary>The last column of every row of <paramref name="instrument"/> for FuncA1 (with that extra tag, if any).</summary>
    private static List<double> Rows(string csv, string instrument, string? tag = null)
    {
        var method = $"method={FuncA1.Replace(",", ";", StringComparison.Ordinal)}";
        if (!File.Exists(csv))
        {
            return [];
        }

        string[] lines;
        using (var stream = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
        {
            lines = reader.ReadToEnd().Split('\n');
        }

        var tags = tag is null ? $"[{method}]" : $"[{method};{tag}]";
        return lines
            .Where(l => l.Contains($",instr,{instrument} ", StringComparison.Ordinal) && l.Contains(tags, StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(',') + 1)..], CultureInfo.InvariantCulture))
            .ToList();
    }
}

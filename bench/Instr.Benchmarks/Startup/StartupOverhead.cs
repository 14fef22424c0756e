using System.Globalization;
using Instr.Benchmarks.Summary;

namespace Instr.Benchmarks.Startup;

/// <summary>
/// What the agent costs an app at start: time from spawn to Main with and without DOTNET_STARTUP_HOOKS (median of
/// <see cref="Runs"/> interleaved runs of tests/apps/PlainConsoleApp), the resident memory the idle agent adds once
/// its socket is up, and when the socket is up. Keys: startup_overhead_ms (target ≤ 30), rss_overhead_mb,
/// agent_socket_ready_ms, and startup_hook_floor_ms: the same hook with INSTR_DISABLE=1, i.e. what any startup hook
/// costs (runtime loads and calls a hook assembly) plus our first checks, the part no agent work can go below.
/// Not BenchmarkDotNet: each sample is a whole process.
/// </summary>
public sealed class StartupOverhead : ISummaryContributor
{
    private const int Runs = 20;

    public IEnumerable<KeyValuePair<string, double>> Measure()
    {
        var layout = StartupLayout.Find();
        using var sandbox = new StartupSandbox();
        var plain = new List<StartupSample>();
        var agent = new List<StartupSample>();
        var disabled = new List<StartupSample>();

        // One warm-up of each (disk cache, first JIT of the host), then interleaved so drift hits both alike.
        StartupSample.Take(layout, sandbox, withAgent: false);
        StartupSample.Take(layout, sandbox, withAgent: true);
        for (var i = 0; i < Runs; i++)
        {
            plain.Add(StartupSample.Take(layout, sandbox, withAgent: false));
            agent.Add(StartupSample.Take(layout, sandbox, withAgent: true));
            disabled.Add(StartupSample.Take(layout, sandbox, withAgent: false, disabled: true));
        }

        var plainMain = Median(plain.Select(s => s.TimeToMainMs));
        var agentMain = Median(agent.Select(s => s.TimeToMainMs));
        var disabledMain = Median(disabled.Select(s => s.TimeToMainMs));
        var plainRss = Median(plain.Select(s => s.RssMb));
        var agentRss = Median(agent.Select(s => s.RssMb));
        var socketReady = Median(agent.Select(s => s.SocketReadyMs!.Value));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"startup: time to Main {plainMain:0.0} ms without the agent, {agentMain:0.0} ms with it, {disabledMain:0.0} ms with the hook disabled (median of {Runs}); RSS {plainRss:0.0} MB vs {agentRss:0.0} MB; agent socket up {socketReady:0} ms after spawn"));

        yield return new("startup_overhead_ms", agentMain - plainMain);
        yield return new("startup_hook_floor_ms", disabledMain - plainMain);
        yield return new("rss_overhead_mb", agentRss - plainRss);
        yield return new("agent_socket_ready_ms", socketReady);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

using System.Globalization;
using System.Text.Json;
using Instr.Benchmarks.Startup;
using Instr.Benchmarks.Summary;

namespace Instr.Benchmarks.Watch;

/// <summary>
/// What a live watcher costs the watched app when 10,000 methods are patched and 1% of them are hot. Definition of
/// <c>watch_10k_cpu_percent</c>: the CPU the target app process spends (percent of one core: utime + stime from
/// /proc/PID/stat over a fixed <see cref="Window"/>) while one <c>instr watch --interval 100 --json</c> (10 Hz) streams
/// the counters of its 10,000 patched methods, minus the same app's CPU over an equal window with the methods patched
/// and no watcher. <c>watch_10k_bytes_per_s</c>: the bytes the agent sent to that watcher per second over the same
/// window, counted on the wire by a <see cref="CountingRelay"/> between the CLI and the agent (HTTP/2 + gRPC + protobuf).
/// The app is tests/apps/ManyMethodsApp --hot 100 (10,000 small static methods, each called once; then one thread keeps
/// calling 100 of them, 1,000 calls a second each), started with the agent in a private TMPDIR/XDG_RUNTIME_DIR; the
/// methods are patched with one <c>instr patch -p PID 'ManyMethodsApp.Targets.*' --json</c>. The idle window starts
/// once the app has gone quiet after the patch (see <see cref="Settle"/>); the watch window starts after the watcher's
/// first <see cref="WarmUpSnapshots"/> snapshots (30 s at 10 Hz): its one-time start-up — every name, and the JIT tiering
/// up the stream's code in the agent and Kestrel — is not what a long watch costs. Code run once per message reaches
/// Tier1 only after two rounds of 30 calls (Tier0, then instrumented) plus the tiering delays: measured with
/// DOTNET_JitStdOutFile, the stream compiled 418 methods between its 4th and 14th second and none between its 30th and
/// 40th (the app's CPU over those two windows: +4.1% and +1.3% of a core).
/// Extra keys: <c>patch_10k_ms</c> (wall time of that `instr patch`, spawn to exit, CLI start included),
/// <c>patch_10k_quiet_s</c> (from the patch's end until a one-second window of the app under 2% of a core ends, so 1 s
/// is the least it can read), <c>watch_10k_snapshot_bytes</c> (one NDJSON line, UTF-8, without its newline),
/// <c>patch_10k_pause_ms</c> (the longest time the app's runtime had every managed thread stopped during that patch,
/// for any reason: see <see cref="RuntimePauses"/>), <c>patch_10k_suspend_ms</c> (the longest of those not for a GC: the
/// engine's suspended code writes), <c>watch_10k_idle_cpu_percent</c> (the baseline window itself) and <c>watch_10k_cli_cpu_percent</c> (the
/// `instr watch` process's own CPU in the watch window). If the patch does not cover exactly 10,000 methods, "10k" in
/// every key becomes the number actually patched. Not BenchmarkDotNet: whole processes, one run.
/// </summary>
public sealed class WatchCpuOverhead : ISummaryContributor
{
    private const string Pattern = "ManyMethodsApp.Targets.*";
    private const int ExpectedMethods = 10_000;
    private const int IntervalMs = 100;
    private const int HotMethods = 100;
    private const int WarmUpSnapshots = 300;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(60);

    public IEnumerable<KeyValuePair<string, double>> Measure()
    {
        var layout = WatchLayout.Find();
        using var sandbox = new StartupSandbox();
        using var target = ManyMethodsTarget.Start(layout, sandbox, HotMethods);
        if (target.MethodsCalled != ExpectedMethods)
        {
            throw new InvalidOperationException($"ManyMethodsApp has {target.MethodsCalled} target methods, expected {ExpectedMethods}: regenerate it");
        }

        var pid = target.Pid.ToString(CultureInfo.InvariantCulture);
        using var pauses = RuntimePauses.Start(target.Pid);
        var patch = InstrProcess.Run(layout, sandbox, "patch", "-p", pid, Pattern, "--json");
        var (longestPause, longestPatchPause) = pauses.Stop();
        if (patch.ExitCode != 0)
        {
            throw new InvalidOperationException($"instr patch exited {patch.ExitCode}: {patch.Error.Trim()}");
        }

        var (patched, skipped) = CountPatchResult(patch.Output);
        var label = patched == ExpectedMethods ? "10k" : patched.ToString(CultureInfo.InvariantCulture);
        var settled = Settle(target.Pid);

        var idle = ProcessCpu.Measure(Window, target.Pid)[0];
        double watched, watcher, bytesPerSecond;
        int snapshotBytes, snapshots;
        using (var relay = new CountingRelay(target.SocketPath, sandbox.Root))
        using (var watch = WatchStream.Start(layout, sandbox, target.Pid, IntervalMs, relay.RuntimeDirectory))
        {
            watch.WaitForLines(WarmUpSnapshots, TimeSpan.FromSeconds(180));
            var before = watch.Count;
            var bytesBefore = relay.AgentToClientBytes;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var cpu = ProcessCpu.Measure(Window, target.Pid, watch.Pid);
            bytesPerSecond = (relay.AgentToClientBytes - bytesBefore) / clock.Elapsed.TotalSeconds;
            (watched, watcher) = (cpu[0], cpu[1]);
            snapshots = watch.Count - before;
            var line = watch.Latest!;
            snapshotBytes = WatchStream.Bytes(line);
            CheckSnapshot(line, patched);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"watch: {patched} methods patched ({skipped} skipped) in {patch.ElapsedMs:0} ms; app quiet {settled.TotalSeconds:0.0} s after; app CPU {idle:0.00}% of a core idle vs {watched:0.00}% with a 10 Hz watcher ({snapshots} snapshots in {Window.TotalSeconds:0} s, {bytesPerSecond:0} bytes/s on the wire, NDJSON line {snapshotBytes} bytes); the watcher itself {watcher:0.00}%"));
        return
        [
            new($"watch_{label}_cpu_percent", watched - idle),
            new($"watch_{label}_idle_cpu_percent", idle),
            new($"watch_{label}_cli_cpu_percent", watcher),
            new($"watch_{label}_snapshot_bytes", snapshotBytes),
            new($"watch_{label}_bytes_per_s", bytesPerSecond),
            new($"patch_{label}_quiet_s", settled.TotalSeconds),
            new($"patch_{label}_ms", patch.ElapsedMs),
            new($"patch_{label}_pause_ms", longestPause),
            new($"patch_{label}_suspend_ms", longestPatchPause),
        ];
    }

    /// <summary>Patching leaves background work in the agent (e.g. inlining checks): wait until a one-second window
    /// of the app uses under 2% of a core, so the idle window measures an idle app. Returns how long that took.</summary>
    private static TimeSpan Settle(int pid)
    {
        var started = DateTime.UtcNow;
        while (ProcessCpu.Measure(TimeSpan.FromSeconds(1), pid)[0] >= 2)
        {
            if (DateTime.UtcNow - started > SettleBound)
            {
                throw new InvalidOperationException($"ManyMethodsApp still busy {SettleBound.TotalSeconds:0} s after the patch");
            }
        }

        return DateTime.UtcNow - started;
    }

    private static (int Patched, int Skipped) CountPatchResult(string json)
    {
        using var document = JsonDocument.Parse(json);
        return (document.RootElement.GetProperty("patched").GetArrayLength(), document.RootElement.GetProperty("skipped").GetArrayLength());
    }

    /// <summary>The snapshot must carry a row for every patched method, or the benchmark measured a different load.</summary>
    private static void CheckSnapshot(string line, int patched)
    {
        using var document = JsonDocument.Parse(line);
        var rows = document.RootElement.GetProperty("methods").GetArrayLength();
        if (rows != patched)
        {
            throw new InvalidOperationException($"a watch snapshot has {rows} method rows, {patched} were patched");
        }
    }
}

using Grpc.Core;
using Instr.Cli.Transport;
using Instr.Protocol.V1;

namespace Instr.Cli.Ui;

/// <summary>The agent calls the dashboard makes, with bounded deadlines so a hung app never freezes the UI for long.</summary>
internal sealed class DashboardAgent
{
    private static readonly TimeSpan QueryDeadline = TimeSpan.FromSeconds(15);

    // Patching many methods (a wide pattern) may take a while: the engine patches them one by one.
    private static readonly TimeSpan PatchDeadline = TimeSpan.FromSeconds(60);

    private readonly Instrumentation.InstrumentationClient _client;

    public DashboardAgent(Instrumentation.InstrumentationClient client, int pid)
    {
        _client = client;
        Pid = pid;
    }

    public int Pid { get; }

    public async Task<ProcessInfo> GetProcessInfoAsync(CancellationToken ct) =>
        await _client.GetProcessInfoAsync(new GetProcessInfoRequest(), deadline: Deadline(QueryDeadline), cancellationToken: ct);

    public async Task<ListMethodsResponse> ListMethodsAsync(CancellationToken ct) =>
        await _client.ListMethodsAsync(new ListMethodsRequest(), deadline: Deadline(QueryDeadline), cancellationToken: ct);

    /// <summary>Patches with <paramref name="probe"/>; a method already patched with the other probe is switched
    /// (the agent does that without losing a call).</summary>
    public async Task<PatchResponse> PatchAsync(string pattern, ProbeKind probe, CancellationToken ct) =>
        await _client.PatchAsync(
            new PatchRequest { Pattern = pattern, Probe = probe },
            deadline: Deadline(PatchDeadline),
            cancellationToken: ct);

    public async Task<UnpatchResponse> UnpatchAsync(string pattern, CancellationToken ct) =>
        await _client.UnpatchAsync(new UnpatchRequest { Pattern = pattern }, deadline: Deadline(PatchDeadline), cancellationToken: ct);

    /// <summary>Counts of the patched methods, and the measurements of <paramref name="appMeter"/> when given.</summary>
    public IAsyncEnumerable<WatchSnapshot> Watch(TimeSpan interval, string? appMeter, CancellationToken ct)
    {
        var request = new WatchRequest { IntervalMs = (uint)interval.TotalMilliseconds };
        if (appMeter is not null)
        {
            request.Meters.Add(appMeter);
        }

        // Fresh rows: the UI thread applies a snapshot after the pump has read the next one.
        return WatchStream.ReadAsync(_client, request, freshRows: true, ct);
    }

    /// <summary>Whether the target process still runs (a dead agent and a dead app read differently); a zombie counts as gone.</summary>
    public bool ProcessIsAlive() => ProcessFacts.IsRunning(Pid);

    private static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;
}

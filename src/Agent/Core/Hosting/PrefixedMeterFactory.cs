using System.Diagnostics.Metrics;

namespace Instr.Agent.Hosting;

/// <summary>
/// The agent host's IMeterFactory: every meter it creates (Kestrel, Hosting, routing) is named "instr.agent.…", so
/// the app's own listeners on "Microsoft.AspNetCore.*" (http.server.request.duration, dotnet-counters,
/// OpenTelemetry) never count the agent's requests.
/// </summary>
internal sealed class PrefixedMeterFactory : IMeterFactory
{
    public const string Prefix = "instr.agent.";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Name, string? Version), Meter> _meters = [];
    private bool _disposed;

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var key = (Prefix + options.Name, options.Version);
            if (!_meters.TryGetValue(key, out var meter))
            {
                meter = new Meter(new MeterOptions(key.Item1) { Version = options.Version, Tags = options.Tags, Scope = this });
                _meters[key] = meter;
            }

            return meter;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var meter in _meters.Values)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}

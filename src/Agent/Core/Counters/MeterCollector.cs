using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Instr.Protocol.V1;

namespace Instr.Agent.Counters;

/// <summary>
/// Reads the app's own Meters on request (`instr watch --meter NAME`, like dotnet-counters). Only instruments of
/// meters someone asked for are enabled, so an app with busy metrics pays nothing until then. Counters are summed from
/// the moment a meter was first requested; observable instruments report what the app observes (for an
/// ObservableCounter that is its own cumulative total); gauges and histograms report the last value.
/// </summary>
internal sealed class MeterCollector : IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _meters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SeriesKey, Series> _series = new();
    private MeterListener? _listener;

    /// <summary>Starts listening to the named meters (idempotent). Re-creating the listener is the only way to make
    /// MeterListener visit instruments that were published before a name was added.</summary>
    public void Subscribe(IEnumerable<string> meterNames)
    {
        lock (_gate)
        {
            var added = false;
            foreach (var name in meterNames)
            {
                added |= !string.IsNullOrWhiteSpace(name) && _meters.Add(name);
            }

            if (!added && _listener is not null)
            {
                return;
            }

            _listener?.Dispose();
            _listener = CreateListener();
            _listener.Start();
        }
    }

    /// <summary>Current values of every series of the given meters, sorted for a stable display.</summary>
    public IReadOnlyList<MeterValue> Read(IReadOnlyCollection<string> meterNames)
    {
        if (meterNames.Count == 0)
        {
            return [];
        }

        lock (_gate)
        {
            _listener?.RecordObservableInstruments();
        }

        return _series
            .Where(entry => meterNames.Contains(entry.Key.Meter))
            .OrderBy(entry => entry.Key.Meter, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Instrument, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Tags, StringComparer.Ordinal)
            .Select(entry => entry.Value.ToMeterValue(entry.Key))
            .ToList();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _listener?.Dispose();
            _listener = null;
        }
    }

    private MeterListener CreateListener()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (_meters.Contains(instrument.Meter.Name))
                {
                    l.EnableMeasurementEvents(instrument, Accumulation.Of(instrument));
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, state) => Record(i, v, tags, state));
        listener.SetMeasurementEventCallback<int>((i, v, tags, state) => Record(i, v, tags, state));
        listener.SetMeasurementEventCallback<short>((i, v, tags, state) => Record(i, v, tags, state));
        listener.SetMeasurementEventCallback<byte>((i, v, tags, state) => Record(i, v, tags, state));
        listener.SetMeasurementEventCallback<double>((i, v, tags, state) => Record(i, v, tags, state));
        listener.SetMeasurementEventCallback<float>((i, v, tags, state) => Record(i, v, tags, state));
        listener.SetMeasurementEventCallback<decimal>((i, v, tags, state) => Record(i, (double)v, tags, state));
        return listener;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var key = SeriesKey.Of(instrument, tags);
        var series = _series.GetOrAdd(key, static (k, t) => new Series(t), TagsOf(tags));
        if (ReferenceEquals(state, Accumulation.Sum))
        {
            series.Add(value);
        }
        else
        {
            series.Set(value);
        }
    }

    private static Dictionary<string, string> TagsOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, string>(tags.Length, StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            map[tag.Key] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return map;
    }
}

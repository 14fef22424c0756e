using System.Diagnostics.Metrics;

namespace SampleTarget;

/// <summary>
/// The loop's own, exact count of every call it made (Interlocked per callable, so it stays exact on several
/// threads), also published as the Meter <c>SampleTarget</c>, ObservableCounter&lt;long&gt; <c>sample.calls</c>, tag
/// <c>method</c> = canonical name: <c>instr watch --meter SampleTarget</c> shows it next to the hook's counts.
/// Observable on purpose: a listener that subscribes late (as `instr watch --meter` does) still reads the total since
/// the app started, not just the calls made after it subscribed.
/// </summary>
internal sealed class GroundTruth : IDisposable
{
    public const string MeterName = "SampleTarget";
    public const string InstrumentName = "sample.calls";

    private readonly IReadOnlyList<Callable> _callables;
    private readonly long[] _counts;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly Meter _meter;

    public GroundTruth(IReadOnlyList<Callable> callables)
    {
        _callables = callables;
        _counts = new long[callables.Count];
        _tags = [.. callables.Select(c => new KeyValuePair<string, object?>("method", c.Name))];
        _meter = new Meter(MeterName, "1.0");
        _meter.CreateObservableCounter(InstrumentName, Observe, unit: "{call}", description: "Calls made by the SampleTarget loop since start, per method (ground truth)");
    }

    /// <summary>The published meter (tests listen to this instance only).</summary>
    public Meter Meter => _meter;

    /// <summary>Counts one completed call of callable <paramref name="index"/>.</summary>
    public void Record(int index)
    {
        Interlocked.Increment(ref _counts[index]);
    }

    /// <summary>Current counts per canonical name, every callable listed (zero included), sorted by name.</summary>
    public SortedDictionary<string, long> Snapshot()
    {
        var snapshot = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _counts.Length; i++)
        {
            snapshot[_callables[i].Name] = Interlocked.Read(ref _counts[i]);
        }

        return snapshot;
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> Observe()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            yield return new Measurement<long>(Interlocked.Read(ref _counts[i]), _tags[i]);
        }
    }
}

using System.Diagnostics.Metrics;

namespace SampleTarget;

/// <summary>
/// The loop's own, exact count of every call it made, and of every constructor those calls ran (Interlocked per
/// method, so it stays exact on several threads), also published as the Meter <c>SampleTarget</c>,
/// ObservableCounter&lt;long&gt; <c>sample.calls</c>, tag <c>method</c> = canonical name: <c>instr watch --meter SampleTarget</c> shows it next to the hook's counts.
/// Observable on purpose: a listener that subscribes late (as `instr watch --meter` does) still reads the total since
/// the app started, not just the calls made after it subscribed.
/// </summary>
internal sealed class GroundTruth : IDisposable
{
    public const string MeterName = "SampleTarget";
    public const string InstrumentName = "sample.calls";

    private readonly IReadOnlyList<string> _names;
    private readonly long[] _counts;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly Meter _meter;

    /// <param name="names">Canonical name of every slot (<see cref="Callables.CountedNames"/>: callables, then the
    /// constructors they run).</param>
    public GroundTruth(IReadOnlyList<string> names)
    {
        _names = names;
        _counts = new long[names.Count];
        _tags = [.. names.Select(name => new KeyValuePair<string, object?>("method", name))];
        _meter = new Meter(MeterName, "1.0");
        _meter.CreateObservableCounter(InstrumentName, Observe, unit: "{call}", description: "Calls made by the SampleTarget loop since start, per method (ground truth)");
    }

    /// <summary>The published meter (tests listen to this instance only).</summary>
    public Meter Meter => _meter;

    /// <summary>Counts one completed call of the method in slot <paramref name="index"/>.</summary>
    public void Record(int index)
    {
        Interlocked.Increment(ref _counts[index]);
    }

    /// <summary>Current counts per canonical name, every slot listed (zero included), sorted by name.</summary>
    public SortedDictionary<string, long> Snapshot()
    {
        var snapshot = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _counts.Length; i++)
        {
            snapshot[_names[i]] = Interlocked.Read(ref _counts[i]);
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

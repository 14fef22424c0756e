using Instr.Protocol.V1;

namespace Instr.Agent.Counters;

/// <summary>The value of one series, updated from any thread of the app without locks.</summary>
internal sealed class Series(Dictionary<string, string> tags)
{
    private double _value;

    public void Add(double delta)
    {
        double seen, updated;
        do
        {
            seen = Volatile.Read(ref _value);
            updated = seen + delta;
        }
        while (Interlocked.CompareExchange(ref _value, updated, seen) != seen);
    }

    public void Set(double value) => Volatile.Write(ref _value, value);

    public MeterValue ToMeterValue(SeriesKey key)
    {
        var result = new MeterValue { Meter = key.Meter, Instrument = key.Instrument, Value = Volatile.Read(ref _value) };
        result.Tags.Add(tags);
        return result;
    }
}

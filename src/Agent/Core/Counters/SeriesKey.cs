using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Instr.Agent.Counters;

/// <summary>One time series: meter, instrument and a canonical (sorted) rendering of its tags.</summary>
internal readonly record struct SeriesKey(string Meter, string Instrument, string Tags)
{
    public static SeriesKey Of(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return new SeriesKey(instrument.Meter.Name, instrument.Name, string.Empty);
        }

        var pairs = new List<KeyValuePair<string, object?>>(tags.Length);
        foreach (var tag in tags)
        {
            pairs.Add(tag);
        }

        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var pair in pairs)
        {
            text.Append(pair.Key).Append('=').Append(Convert.ToString(pair.Value, CultureInfo.InvariantCulture)).Append(';');
        }

        return new SeriesKey(instrument.Meter.Name, instrument.Name, text.ToString());
    }
}

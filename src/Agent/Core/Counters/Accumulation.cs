using System.Diagnostics.Metrics;

namespace Instr.Agent.Counters;

/// <summary>How measurements of an instrument combine into the value shown.</summary>
internal static class Accumulation
{
    /// <summary>Counter and UpDownCounter: every measurement is a delta.</summary>
    public static readonly object Sum = new();

    /// <summary>Observable instruments, gauges and histograms: the latest measurement is the value.</summary>
    public static readonly object Last = new();

    public static object Of(Instrument instrument)
    {
        var type = instrument.GetType();
        var isDelta = !instrument.IsObservable && type.IsGenericType
            && (type.GetGenericTypeDefinition() == typeof(Counter<>) || type.GetGenericTypeDefinition() == typeof(UpDownCounter<>));
        return isDelta ? Sum : Last;
    }
}

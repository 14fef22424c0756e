using System.Diagnostics.Metrics;
using System.Globalization;
using Instr.Patching.Probes;

namespace Instr.Patching.Scenarios;

// The duration tap: while a MeterListener has the histogram enabled, every timed call that returns is one measurement
// (tagged with the method), with the duration the body measured itself; while nobody listens, none.
internal static partial class ScenarioCatalog
{
    private static readonly Dictionary<string, Func<ScenarioResult>> DurationTapScenarios = new()
    {
        ["timing-meter-listener"] = TimingMeterListener,
    };

    private static ScenarioResult TimingMeterListener()
    {
        using var meter = new Meter("instr-scenario");
        var histogram = meter.CreateHistogram<double>("instr.duration", unit: "s");
        DurationTap.Attach(histogram, "method", m => m.Name);
        void Call(int i) => Check(TimingTargets.Tapped(i) == ((i * 31L) ^ (i >> 5)), "Tapped result");
        Hammer.WarmToTier1(Call);
        var tapped = PatchTiming(Method(typeof(TimingTargets), nameof(TimingTargets.Tapped)));
        var sleeps = PatchTiming(Method(typeof(TimingTargets), nameof(TimingTargets.SleepMix)));

        var unheardBefore = Hammer.Run(20_000, Call); // nobody listens yet
        var heard = new Heard();
        long listened;
        const int Sleeps = 120;
        TimingTargets.SleepDurations = new double[Sleeps];
        // MeasurementsCompleted set, as dotnet-counters' and OpenTelemetry's listeners do: on .NET 8 a listener without
        // it keeps the instrument enabled after Dispose (dotnet/runtime#102465, fixed in .NET 9).
        using (var listener = new MeterListener { MeasurementsCompleted = (_, _) => { } })
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument == histogram)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, value, tags, _) => heard.Add(value, tags));
            listener.Start();
            listened = Hammer.Run(50_000, Call); // 4 threads
            for (var i = 0; i < Sleeps; i++)
            {
                Check(TimingTargets.SleepMix(i) == i + 1, "SleepMix result");
            }
        }

        var heardWhileListening = heard.Values(nameof(TimingTargets.Tapped)).Count;
        var unheardAfter = Hammer.Run(20_000, Call); // the listener is gone
        DurationTap.Detach(histogram);
        var truth = TimingTargets.SleepDurations.ToList();
        truth.Sort();
        var heardSleeps = heard.Values(nameof(TimingTargets.SleepMix));
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"engine_calls={tapped.ReadCalls()};made={unheardBefore + listened + unheardAfter};engine_sleeps={sleeps.ReadCalls()};sleeps_made={Sleeps};")
            + string.Create(CultureInfo.InvariantCulture,
            $"enabled_after={histogram.Enabled};heard_sleeps={heardSleeps.Count};other_tags={heard.OtherTags};negative={heard.Negative};")
            + string.Create(CultureInfo.InvariantCulture,
            $"heard_p50={TruePercentile(heardSleeps, 0.5) * 1e6:0.###};heard_p99={TruePercentile(heardSleeps, 0.99) * 1e6:0.###};truth_p50={TruePercentile(truth, 0.5):0.###};truth_p99={TruePercentile(truth, 0.99):0.###};")
            + string.Create(CultureInfo.InvariantCulture, $"heard_min={heardSleeps[0] * 1e6:0.###};truth_min={truth[0]:0.###}");
        var heardAfter = heard.Values(nameof(TimingTargets.Tapped)).Count - heardWhileListening;
        return new ScenarioResult(listened, heardWhileListening, detail + string.Create(CultureInfo.InvariantCulture, $";heard_after={heardAfter}"));
    }

    /// <summary>What the listener was handed, by method tag (callbacks come from 4 threads).</summary>
    private sealed class Heard
    {
        private readonly Dictionary<string, List<double>> _byMethod = [];

        public int OtherTags { get; private set; }

        public int Negative { get; private set; }

        public void Add(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_byMethod)
            {
                if (tags.Length != 1 || tags[0].Key != "method" || tags[0].Value is not string method)
                {
                    OtherTags++;
                    return;
                }

                if (seconds < 0)
                {
                    Negative++;
                }

                if (!_byMethod.TryGetValue(method, out var values))
                {
                    _byMethod[method] = values = [];
                }

                values.Add(seconds);
            }
        }

        public List<double> Values(string method)
        {
            lock (_byMethod)
            {
                var values = _byMethod.TryGetValue(method, out var found) ? [.. found] : new List<double>();
                values.Sort();
                return values;
            }
        }
    }
}

// An app that uses OpenTelemetry itself: `OtelApp N WAITFILE [NAPS]` calls Work.Step N times, then reads the Meter
// `instr` through its own MeterProvider (in-memory exporter) until instr.calls for Work.Step is there, prints
// "app-otel instr.calls METHOD VALUE", and waits for WAITFILE before exiting.
// With NAPS, it first waits until its MeterProvider has the agent's instr.duration enabled, calls Work.Nap NAPS times
// (each call measures itself: "app naps COUNT SUM MIN", seconds), and prints what its own pipeline got for Work.Nap:
// "app-otel instr.duration METHOD COUNT SUM MIN".
using System.Diagnostics.Metrics;
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;

var calls = int.Parse(args[0], CultureInfo.InvariantCulture);
var waitFile = args[1];
var naps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
var exported = new List<Metric>();
using var provider = Sdk.CreateMeterProviderBuilder().AddMeter("instr").AddInMemoryExporter(exported).Build();

for (var i = 0; i < calls; i++)
{
    OtelApp.Work.Step(1);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"app calls {OtelApp.Work.Total}"));
if (naps > 0)
{
    WaitUntilDurationsAreEnabled();
    for (var i = 0; i < naps; i++)
    {
        OtelApp.Work.Nap(2);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"app naps {OtelApp.Work.Naps.Count} {OtelApp.Work.Naps.Sum():R} {OtelApp.Work.Naps.Min():R}"));
}

var deadline = DateTime.UtcNow.AddSeconds(60);
string? seen = null;
string? durations = naps > 0 ? null : "";
while ((seen is null || durations is null) && DateTime.UtcNow < deadline)
{
    exported.Clear();
    provider.ForceFlush();
    foreach (var metric in exported)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var method = MethodOf(point);
            if (metric.Name == "instr.calls" && method?.StartsWith("OtelApp.Work:Step", StringComparison.Ordinal) == true)
            {
                seen = string.Create(CultureInfo.InvariantCulture, $"app-otel instr.calls {method} {point.GetSumLong()}");
            }
            else if (metric.Name == "instr.duration" && method?.StartsWith("OtelApp.Work:Nap", StringComparison.Ordinal) == true
                && point.GetHistogramCount() >= naps && point.TryGetHistogramMinMaxValues(out var min, out _))
            {
                durations = string.Create(CultureInfo.InvariantCulture, $"app-otel instr.duration {method} {point.GetHistogramCount()} {point.GetHistogramSum():R} {min:R}\n");
            }
        }
    }

    if (seen is null || durations is null)
    {
        Thread.Sleep(100);
    }
}

Console.Write(durations ?? "app-otel saw no instr.duration\n");
Console.WriteLine(seen ?? "app-otel saw no instr.calls");
Console.Out.Flush();
while (!File.Exists(waitFile))
{
    Thread.Sleep(20);
}

return 0;

// The agent publishes its Meter in the background after it starts; calls made before a listener enables
// instr.duration are (by design) not measured, so the naps wait for that.
static void WaitUntilDurationsAreEnabled()
{
    using var published = new ManualResetEventSlim();
    Instrument? durations = null;
    using var watcher = new MeterListener
    {
        InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == "instr" && instrument.Name == "instr.duration")
            {
                durations = instrument;
                published.Set();
            }
        },
    };
    watcher.Start();
    if (!published.Wait(TimeSpan.FromSeconds(60)))
    {
        throw new TimeoutException("the Meter instr has no instr.duration");
    }

    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (!durations!.Enabled && DateTime.UtcNow < deadline)
    {
        Thread.Sleep(10);
    }
}

static string? MethodOf(in MetricPoint point)
{
    foreach (var tag in point.Tags)
    {
        if (tag.Key == "method" && tag.Value is string method)
        {
            return method;
        }
    }

    return null;
}

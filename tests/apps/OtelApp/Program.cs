// An app that uses OpenTelemetry itself: `OtelApp N WAITFILE` calls Work.Step N times, then reads the Meter `instr`
// through its own MeterProvider (in-memory exporter) until instr.calls for Work.Step is there, prints
// "app-otel instr.calls METHOD VALUE", and waits for WAITFILE before exiting.
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;

var calls = int.Parse(args[0], CultureInfo.InvariantCulture);
var waitFile = args[1];
var exported = new List<Metric>();
using var provider = Sdk.CreateMeterProviderBuilder().AddMeter("instr").AddInMemoryExporter(exported).Build();

for (var i = 0; i < calls; i++)
{
    OtelApp.Work.Step(1);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"app calls {OtelApp.Work.Total}"));
var deadline = DateTime.UtcNow.AddSeconds(60);
string? seen = null;
while (seen is null && DateTime.UtcNow < deadline)
{
    exported.Clear();
    provider.ForceFlush();
    foreach (var metric in exported.Where(m => m.Name == "instr.calls"))
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                if (tag.Key == "method" && tag.Value is string method && method.StartsWith("OtelApp.Work:Step", StringComparison.Ordinal))
                {
                    seen = string.Create(CultureInfo.InvariantCulture, $"app-otel instr.calls {method} {point.GetSumLong()}");
                }
            }
        }
    }

    if (seen is null)
    {
        Thread.Sleep(100);
    }
}

Console.WriteLine(seen ?? "app-otel saw no instr.calls");
Console.Out.Flush();
while (!File.Exists(waitFile))
{
    Thread.Sleep(20);
}

return 0;

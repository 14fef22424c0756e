using System.Diagnostics.Metrics;
using Instr.Agent.Hosting;

namespace Instr.Agent.Tests.Hosting;

public sealed class PrefixedMeterFactoryTests
{
    [Fact]
    public void Meters_get_the_agent_prefix_so_app_listeners_on_the_framework_name_do_not_see_them()
    {
        using var factory = new PrefixedMeterFactory();
        var meterName = "Microsoft.AspNetCore.Hosting.Test" + Guid.NewGuid().ToString("N");
        var seenByFrameworkName = 0;
        var seenByAgentName = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == meterName || instrument.Meter.Name == PrefixedMeterFactory.Prefix + meterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, _, _) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                seenByFrameworkName++;
            }
            else
            {
                seenByAgentName++;
            }
        });
        listener.Start();

        var meter = factory.Create(new MeterOptions(meterName));
        meter.CreateCounter<long>("requests").Add(1);
        meter.CreateCounter<long>("requests2").Add(1);

        Assert.Equal(PrefixedMeterFactory.Prefix + meterName, meter.Name);
        Assert.Equal(0, seenByFrameworkName);
        Assert.Equal(2, seenByAgentName);
    }

    [Fact]
    public void Same_name_and_version_give_the_same_meter_and_dispose_ends_them()
    {
        var factory = new PrefixedMeterFactory();
        var first = factory.Create(new MeterOptions("a") { Version = "1" });
        var again = factory.Create(new MeterOptions("a") { Version = "1" });
        var other = factory.Create(new MeterOptions("a") { Version = "2" });
        var counter = first.CreateCounter<long>("c");

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.Same(factory, first.Scope);

        factory.Dispose();
        Assert.False(counter.Enabled);
        Assert.Throws<ObjectDisposedException>(() => factory.Create(new MeterOptions("b")));
    }
}

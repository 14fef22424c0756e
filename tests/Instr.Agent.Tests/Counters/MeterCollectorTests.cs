using System.Diagnostics.Metrics;
using Instr.Agent.Counters;

namespace Instr.Agent.Tests.Counters;

public sealed class MeterCollectorTests
{
    [Fact]
    public void Counter_is_summed_exactly_per_tag_set_from_subscription_on()
    {
        var meterName = $"test.meter.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("calls");
        counter.Add(1000, new KeyValuePair<string, object?>("method", "before")); // before anyone asked: not seen

        using var collector = new MeterCollector();
        collector.Subscribe([meterName]);
        for (var i = 0; i < 37; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("method", "a"));
        }

        for (var i = 0; i < 5; i++)
        {
            counter.Add(2, new KeyValuePair<string, object?>("method", "b"));
        }

        var values = collector.Read([meterName]);

        Assert.Equal(2, values.Count(v => v.Instrument == "calls"));
        Assert.Equal(37, values.Single(v => v.Tags["method"] == "a").Value);
        Assert.Equal(10, values.Single(v => v.Tags["method"] == "b").Value);
    }

    [Fact]
    public void Observable_counter_reports_the_apps_own_total_including_what_happened_before()
    {
        var meterName = $"test.meter.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        long total = 123;
        meter.CreateObservableCounter("total", () => Volatile.Read(ref total));

        using var collector = new MeterCollector();
        collector.Subscribe([meterName]);
        Assert.Equal(123, collector.Read([meterName]).Single().Value);

        Interlocked.Add(ref total, 7);
        Assert.Equal(130, collector.Read([meterName]).Single().Value);
    }

    [Fact]
    public void Meters_nobody_asked_for_are_not_reported_and_late_subscriptions_see_existing_instruments()
    {
        var wanted = $"test.wanted.{Guid.NewGuid():N}";
        var other = $"test.other.{Guid.NewGuid():N}";
        using var wantedMeter = new Meter(wanted);
        using var otherMeter = new Meter(other);
        var a = wantedMeter.CreateCounter<int>("a");
        var b = otherMeter.CreateCounter<double>("b");

        using var collector = new MeterCollector();
        collector.Subscribe([wanted]);
        a.Add(3);
        b.Add(1.5);
        Assert.Empty(collector.Read([other]));
        Assert.Equal(3, collector.Read([wanted]).Single().Value);

        collector.Subscribe([other]); // instrument "b" was published before this subscription
        b.Add(2.5);
        Assert.Equal(2.5, collector.Read([other]).Single().Value);
        Assert.Equal(3, collector.Read([wanted]).Single().Value);
    }
}

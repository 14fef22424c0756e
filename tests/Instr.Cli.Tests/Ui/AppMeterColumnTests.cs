using Instr.Cli.Ui.Model;
using Instr.Cli.Ui.Views;
using Instr.Protocol.V1;

namespace Instr.Cli.Tests.Ui;

/// <summary>`instr ui --meter NAME`: the app's own per-method counts next to instr's, and those rows first.</summary>
public sealed class AppMeterColumnTests
{
    private const string Boilerplate = "SampleTarget.Callable:Deconstruct(System.String&)";
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";
    private const string FuncB1 = "SampleTarget.Modules.ModuleB:FuncB1()";

    private static DashboardModel Model(string? meter)
    {
        var model = new DashboardModel(7, "SampleTarget", meter);
        model.LoadMethods([new MethodEntry { Name = Boilerplate }, new MethodEntry { Name = FuncB1 }, new MethodEntry { Name = FuncA1 }]);
        return model;
    }

    private static WatchSnapshot Meters(string meter, params (string Method, double Value)[] values)
    {
        var snapshot = new WatchSnapshot { TimeUnixMs = 1, Pid = 7 };
        foreach (var (method, value) in values)
        {
            var m = new MeterValue { Meter = meter, Instrument = "sample.calls", Value = value };
            m.Tags.Add("method", method);
            snapshot.Meters.Add(m);
        }

        return snapshot;
    }

    [Fact]
    public void Methods_the_app_counts_come_first_with_their_count_before_anything_is_patched()
    {
        var model = Model("SampleTarget");
        Assert.Equal(Boilerplate, model.VisibleRows[0].Name);

        Assert.True(model.ApplySnapshot(Meters("SampleTarget", (FuncB1, 3), (FuncA1, 12))));

        Assert.Equal([FuncA1, FuncB1, Boilerplate], model.VisibleRows.Select(r => r.Name));
        Assert.Equal(12, model.Find(FuncA1)!.AppCalls);
        Assert.Null(model.Find(Boilerplate)!.AppCalls);
        Assert.False(model.Find(FuncA1)!.Patched);
    }

    [Fact]
    public void Other_meters_and_a_dashboard_without_meter_leave_the_column_empty()
    {
        var without = Model(null);
        Assert.False(without.ApplySnapshot(Meters("SampleTarget", (FuncA1, 12))));
        Assert.Null(without.Find(FuncA1)!.AppCalls);

        var other = Model("SampleTarget");
        Assert.False(other.ApplySnapshot(Meters("Elsewhere", (FuncA1, 12))));
        Assert.Null(other.Find(FuncA1)!.AppCalls);
    }

    [Fact]
    public void The_table_shows_calls_then_instrumented_like_the_seeds_dashboard()
    {
        var model = Model("SampleTarget");
        model.ApplySnapshot(Meters("SampleTarget", (FuncA1, 1234)));
        var source = new MethodTableSource(withAppColumn: true);
        source.Show(model.VisibleRows);

        Assert.Equal(["name", "calls", "instrumented", "rate/s", "status"], source.ColumnNames);
        Assert.Equal("1,234", source[0, source.AppCallsColumn]);
        Assert.Equal("", source[0, source.CallsColumn]);
        Assert.Equal(["name", "calls", "rate/s", "status"], new MethodTableSource().ColumnNames);
    }
}

using Instr.Cli.Ui.Model;
using Instr.Cli.Ui.Views;
using Instr.Protocol.V1;

namespace Instr.Cli.Tests.Ui;

/// <summary>`instr ui` with the timing probe: p50 | p99 | max | exceptions appear once a method is timed, in µs/ms/s.</summary>
public sealed class TimingColumnsTests
{
    private const string Timed = "N.T:Slow()";
    private const string Counted = "N.T:Fast()";

    private static WatchSnapshot Snapshot(params MethodCounter[] counters)
    {
        var snapshot = new WatchSnapshot { TimeUnixMs = 10, Pid = 7 };
        snapshot.Methods.Add(counters);
        return snapshot;
    }

    private static MethodCounter TimedCounter() => new()
    {
        Name = Timed,
        Calls = 120,
        State = PatchState.Patched,
        Probe = ProbeKind.Timing,
        P50Us = 2_130.4,
        P99Us = 10_879,
        MaxUs = 1_250_000,
        Exceptions = 40,
        WindowP50Us = 850.2,
        WindowP99Us = 9.876,
        WindowMaxUs = 12.3,
        WindowExceptions = 3,
    };

    [Fact]
    public void Timing_columns_appear_once_a_method_is_timed_and_count_rows_leave_them_empty()
    {
        var model = new DashboardModel(7, "App");
        model.ApplySnapshot(Snapshot(new MethodCounter { Name = Counted, Calls = 5, State = PatchState.Patched, Probe = ProbeKind.Count }));
        Assert.False(model.AnyTimed);

        model.ApplySnapshot(Snapshot(TimedCounter(), new MethodCounter { Name = Counted, Calls = 6, State = PatchState.Patched, Probe = ProbeKind.Count }));
        Assert.True(model.AnyTimed);

        var source = new MethodTableSource();
        Assert.True(source.SetShowTiming(model.AnyTimed));
        Assert.False(source.SetShowTiming(true));
        source.Show(model.VisibleRows);
        Assert.Equal(["name", "calls", "rate/s", "p50", "p99", "max", "exceptions", "status"], source.ColumnNames);
        var timed = model.IndexOfVisible(Timed);
        var counted = model.IndexOfVisible(Counted);
        var first = source.FirstTimingColumn;
        Assert.Equal(["2.13 ms", "10.9 ms", "1.25 s", "40"], Enumerable.Range(first, 4).Select(c => source[timed, c]));
        Assert.Equal(["", "", "", ""], Enumerable.Range(first, 4).Select(c => source[counted, c]));
        Assert.Equal("✓ patched", source[timed, source.StatusColumn]);
    }

    [Fact]
    public void Durations_read_in_microseconds_milliseconds_or_seconds_with_three_digits()
    {
        Assert.Equal("0.70 µs", MethodRowFormatter.Duration(0.7));
        Assert.Equal("12.3 µs", MethodRowFormatter.Duration(12.34));
        Assert.Equal("850 µs", MethodRowFormatter.Duration(850.2));
        Assert.Equal("2.13 ms", MethodRowFormatter.Duration(2_130.4));
        Assert.Equal("465 ms", MethodRowFormatter.Duration(465_000));
        Assert.Equal("3.60 s", MethodRowFormatter.Duration(3_600_000));
    }

    [Fact]
    public void A_timed_method_without_completed_calls_shows_dashes_and_the_details_line_says_now()
    {
        var model = new DashboardModel(7, "App");
        model.ApplySnapshot(Snapshot(new MethodCounter { Name = Timed, Calls = 0, State = PatchState.Patched, Probe = ProbeKind.Timing }));
        var row = model.Find(Timed)!;
        Assert.Equal("-", MethodRowFormatter.FormatDuration(row, t => t.P50Us));
        Assert.Equal("0", MethodRowFormatter.FormatExceptions(row));
        Assert.Equal($"{Timed}: now: no completed calls, 0 exceptions", MethodRowFormatter.FormatDetails(row));

        model.ApplySnapshot(Snapshot(TimedCounter()));
        Assert.Equal($"{Timed}: now: p50 850 µs, p99 9.88 µs, max 12.3 µs, 3 exceptions", MethodRowFormatter.FormatDetails(row));
    }
}

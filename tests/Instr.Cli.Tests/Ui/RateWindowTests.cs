using Instr.Cli.Ui.Model;

namespace Instr.Cli.Tests.Ui;

public class RateWindowTests
{
    [Fact]
    public void No_rate_until_the_readings_span_half_the_window()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(2));
        Assert.Null(window.Add(0, 0));
        Assert.Null(window.Add(500, 3));
        Assert.Equal(6.0, window.Add(1000, 6));
    }

    [Fact]
    public void Rate_is_calls_over_the_window_not_the_last_interval()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(2));
        window.Add(0, 0);
        window.Add(500, 5);
        window.Add(1000, 10);
        window.Add(1500, 20);

        // The last interval alone would say 0 calls/s; over 2 s it is 10.
        Assert.Equal(10.0, window.Add(2000, 20));
    }

    [Fact]
    public void Readings_older_than_the_window_are_dropped()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(1));
        window.Add(0, 0);
        window.Add(500, 100); // a burst at the start
        window.Add(1000, 100);
        window.Add(1500, 101);

        Assert.Equal(1.0, window.Add(2000, 101));
    }

    [Fact]
    public void A_count_that_went_down_starts_over()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(1));
        window.Add(0, 0);
        window.Add(1000, 50);

        Assert.Null(window.Add(1500, 3));
    }
}

using Instr.Agent.Metrics;

namespace Instr.Agent.Tests.Metrics;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Calls_are_one_counter_sample_per_method_with_the_canonical_name_as_label()
    {
        var text = PrometheusText.Render(
        [
            new MethodReading("SampleTarget.Modules.ModuleA:FuncA1(System.Int32)", 1234, null),
            new MethodReading("N.Box`1:Get()", 5_000_000_000, null),
        ]);

        Assert.Equal(
            "# HELP instr_calls_total Calls of the method counted by instr since it was patched (exact).\n" +
            "# TYPE instr_calls_total counter\n" +
            "instr_calls_total{method=\"SampleTarget.Modules.ModuleA:FuncA1(System.Int32)\"} 1234\n" +
            "instr_calls_total{method=\"N.Box`1:Get()\"} 5000000000\n",
            text);
    }

    [Fact]
    public void Exceptions_appear_only_for_timed_methods()
    {
        var timing = DurationHistogram.FromBuckets([(1.5, 9), (12.0, 1)], exceptions: 3);
        var text = PrometheusText.Render([new MethodReading("A:Timed()", 10, timing), new MethodReading("A:Counted()", 4, null)]);

        Assert.Contains("# TYPE instr_exceptions_total counter\ninstr_exceptions_total{method=\"A:Timed()\"} 3\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("instr_exceptions_total{method=\"A:Counted()\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("instr_duration_seconds_count{method=\"A:Counted()\"}", text, StringComparison.Ordinal);
        var countedOnly = PrometheusText.Render([new MethodReading("A:Counted()", 4, null)]);
        Assert.DoesNotContain("instr_exceptions", countedOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("instr_duration", countedOnly, StringComparison.Ordinal);
    }

    [Fact]
    public void Durations_are_a_cumulative_histogram_with_sum_and_count()
    {
        // 3 calls of ~2 ms, 1 of ~8 ms and one of an hour (beyond the last bound).
        var timing = DurationHistogram.FromBuckets([(2_016.0, 3), (8_064.0, 1), (3_600_000_000.0, 1)], exceptions: 0);
        var text = PrometheusText.Render([new MethodReading("A:Sleepy()", 5, timing)]);

        Assert.Contains("# TYPE instr_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("instr_duration_seconds_bucket{method=\"A:Sleepy()\",le=\"0.000001\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("instr_duration_seconds_bucket{method=\"A:Sleepy()\",le=\"0.001\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("instr_duration_seconds_bucket{method=\"A:Sleepy()\",le=\"0.0025\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("instr_duration_seconds_bucket{method=\"A:Sleepy()\",le=\"0.005\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("instr_duration_seconds_bucket{method=\"A:Sleepy()\",le=\"0.01\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("instr_duration_seconds_bucket{method=\"A:Sleepy()\",le=\"10\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("instr_duration_seconds_bucket{method=\"A:Sleepy()\",le=\"+Inf\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("instr_duration_seconds_count{method=\"A:Sleepy()\"} 5\n", text, StringComparison.Ordinal);
        var sum = double.Parse(System.Text.RegularExpressions.Regex.Match(text, @"instr_duration_seconds_sum\{method=""A:Sleepy\(\)""\} (\S+)\n").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((3 * 0.002016) + 0.008064 + 3600, sum, 9);
        Assert.Equal(DurationBounds.Seconds.Count + 1, System.Text.RegularExpressions.Regex.Matches(text, "_bucket\\{").Count);
    }

    [Fact]
    public void A_call_exactly_on_a_bound_is_counted_at_or_below_it()
    {
        var timing = DurationHistogram.FromBuckets([(1_000.0, 2), (1_000.001, 1)], exceptions: 0);
        var bound = DurationBounds.Seconds.ToList().IndexOf(0.001);

        Assert.Equal(2, timing.BucketCounts[bound]);
        Assert.Equal(1, timing.BucketCounts[bound + 1]);
        Assert.Equal([0, 2, 3], timing.Cumulative().Skip(bound - 1).Take(3));
    }

    [Fact]
    public void No_patched_method_is_a_valid_empty_family()
    {
        Assert.Equal("# HELP instr_calls_total Calls of the method counted by instr since it was patched (exact).\n# TYPE instr_calls_total counter\n", PrometheusText.Render([]));
    }

    [Theory]
    [InlineData("A:M(System.String)", "A:M(System.String)")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("two\nlines", "two\\nlines")]
    public void Label_values_escape_backslash_quote_and_newline(string value, string escaped)
    {
        Assert.Equal(escaped, PrometheusText.EscapeLabel(value));
    }
}

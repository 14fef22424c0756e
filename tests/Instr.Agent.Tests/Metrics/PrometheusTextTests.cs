using Instr.Agent.Metrics;
using Instr.Patching;

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
        var timing = new TimingSnapshot(10, 1.5, 9.0, 12.0, 3);
        var text = PrometheusText.Render([new MethodReading("A:Timed()", 10, timing), new MethodReading("A:Counted()", 4, null)]);

        Assert.Contains("# TYPE instr_exceptions_total counter\ninstr_exceptions_total{method=\"A:Timed()\"} 3\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("instr_exceptions_total{method=\"A:Counted()\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("instr_exceptions", PrometheusText.Render([new MethodReading("A:Counted()", 4, null)]), StringComparison.Ordinal);
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

using Instr.Agent.Metrics;

namespace Instr.Agent.Tests.Metrics;

public sealed class MetricsSettingsTests
{
    private static MetricsSettings From(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return MetricsSettings.FromEnvironment(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void Nothing_set_means_no_exporter()
    {
        var settings = From();
        Assert.Null(settings.PrometheusPort);
        Assert.Null(settings.Otlp);
    }

    [Theory]
    [InlineData("9464", 9464)]
    [InlineData("0", null)]
    [InlineData("65536", null)]
    [InlineData("-1", null)]
    [InlineData("metrics", null)]
    public void The_metrics_port_must_be_a_port_number(string value, int? port)
    {
        Assert.Equal(port, From(("INSTR_METRICS_PORT", value)).PrometheusPort);
    }

    [Fact]
    public void Otlp_defaults_to_grpc_every_10_seconds_at_the_given_url()
    {
        var otlp = From(("INSTR_OTLP_ENDPOINT", "http://collector:4317")).Otlp!;
        Assert.Equal(new Uri("http://collector:4317"), otlp.Endpoint);
        Assert.False(otlp.HttpProtobuf);
        Assert.Equal(10_000, otlp.IntervalMs);
    }

    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/metrics")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/metrics")]
    [InlineData("http://collector:4318/otlp", "http://collector:4318/otlp/v1/metrics")]
    [InlineData("http://collector:4318/v1/metrics", "http://collector:4318/v1/metrics")]
    public void Over_http_the_signal_path_is_appended_as_OTEL_EXPORTER_OTLP_ENDPOINT_does(string endpoint, string expected)
    {
        var otlp = From(("INSTR_OTLP_ENDPOINT", endpoint), ("INSTR_OTLP_PROTOCOL", "http/protobuf"), ("INSTR_OTLP_INTERVAL_MS", "500")).Otlp!;
        Assert.True(otlp.HttpProtobuf);
        Assert.Equal(new Uri(expected), otlp.Endpoint);
        Assert.Equal(500, otlp.IntervalMs);
    }

    [Theory]
    [InlineData("collector:4317", null, null)]
    [InlineData("ftp://collector", null, null)]
    [InlineData("http://collector:4317", "thrift", null)]
    [InlineData("http://collector:4317", null, "soon")]
    public void Unusable_values_leave_otlp_off_or_fall_back_to_the_default_interval(string endpoint, string? protocol, string? interval)
    {
        var variables = new List<(string, string)> { ("INSTR_OTLP_ENDPOINT", endpoint) };
        if (protocol is not null)
        {
            variables.Add(("INSTR_OTLP_PROTOCOL", protocol));
        }

        if (interval is not null)
        {
            variables.Add(("INSTR_OTLP_INTERVAL_MS", interval));
        }

        var otlp = From([.. variables]).Otlp;
        if (interval is null)
        {
            Assert.Null(otlp);
        }
        else
        {
            Assert.Equal(MetricsSettings.DefaultOtlpIntervalMs, otlp!.IntervalMs);
        }
    }
}

using System.Globalization;
using Instr.Agent.Logging;
using Instr.Shared;

namespace Instr.Agent.Metrics;

/// <summary>
/// The fleet-export settings from the app's environment. A value that cannot be used leaves that exporter off with
/// the reason in the agent log: a typo in a Deployment spec must never take the app down.
/// </summary>
internal sealed record MetricsSettings(int? PrometheusPort, OtlpSettings? Otlp)
{
    public const int DefaultOtlpIntervalMs = 10_000;

    public static MetricsSettings FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        return new MetricsSettings(Port(read(InstrEnvironment.MetricsPort)), OtlpFrom(read));
    }

    private static int? Port(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
        {
            return port;
        }

        AgentLog.Warn($"{InstrEnvironment.MetricsPort}={text} is not a port number (1-65535); Prometheus endpoint not started");
        return null;
    }

    private static OtlpSettings? OtlpFrom(Func<string, string?> read)
    {
        var endpoint = read(InstrEnvironment.OtlpEndpoint);
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            AgentLog.Warn($"{InstrEnvironment.OtlpEndpoint}={endpoint} is not an http(s) URL; OTLP export not started");
            return null;
        }

        var protocolText = read(InstrEnvironment.OtlpProtocol);
        var httpProtobuf = protocolText?.Trim() switch
        {
            null or "" or "grpc" => false,
            "http/protobuf" => true,
            _ => (bool?)null,
        };
        if (httpProtobuf is null)
        {
            AgentLog.Warn($"{InstrEnvironment.OtlpProtocol}={protocolText} is neither grpc nor http/protobuf; OTLP export not started");
            return null;
        }

        var intervalText = read(InstrEnvironment.OtlpInterval);
        var interval = DefaultOtlpIntervalMs;
        if (!string.IsNullOrWhiteSpace(intervalText)
            && (!int.TryParse(intervalText, NumberStyles.None, CultureInfo.InvariantCulture, out interval) || interval < 100))
        {
            AgentLog.Warn($"{InstrEnvironment.OtlpInterval}={intervalText} is not a number of milliseconds (at least 100); using {DefaultOtlpIntervalMs}");
            interval = DefaultOtlpIntervalMs;
        }

        return new OtlpSettings(httpProtobuf.Value ? MetricsPathOf(uri) : uri, httpProtobuf.Value, interval);
    }

    /// <summary>As OTEL_EXPORTER_OTLP_ENDPOINT: over HTTP the base URL gets the signal path /v1/metrics.</summary>
    private static Uri MetricsPathOf(Uri baseUri) =>
        baseUri.AbsolutePath.EndsWith("/v1/metrics", StringComparison.Ordinal)
            ? baseUri
            : new Uri(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/v1/metrics");
}

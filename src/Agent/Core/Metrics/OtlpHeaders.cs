namespace Instr.Agent.Metrics;

/// <summary>
/// OTEL_EXPORTER_OTLP_METRICS_HEADERS, else OTEL_EXPORTER_OTLP_HEADERS: "name=value,name2=value2" with URL-encoded
/// values, as the OpenTelemetry SDK reads them, so the agent's own histogram push authenticates like the SDK's export.
/// A malformed pair is skipped (the SDK's export reports it).
/// </summary>
internal static class OtlpHeaders
{
    public const string Metrics = "OTEL_EXPORTER_OTLP_METRICS_HEADERS";
    public const string Any = "OTEL_EXPORTER_OTLP_HEADERS";

    public static IReadOnlyList<KeyValuePair<string, string>> FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var text = read(Metrics) is { Length: > 0 } metrics ? metrics : read(Any);
        return Parse(text);
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? text)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                headers.Add(new(pair[..equals].Trim(), Uri.UnescapeDataString(pair[(equals + 1)..].Trim())));
            }
        }

        return headers;
    }
}

namespace Instr.Agent.Metrics;

/// <summary>Where and how often the agent pushes OTLP (INSTR_OTLP_ENDPOINT, INSTR_OTLP_PROTOCOL, INSTR_OTLP_INTERVAL_MS).</summary>
/// <param name="Endpoint">The full URL the exporter posts to (over HTTP it already ends in /v1/metrics).</param>
/// <param name="HttpProtobuf">true: OTLP/HTTP with protobuf bodies; false: OTLP/gRPC.</param>
/// <param name="IntervalMs">Milliseconds between pushes.</param>
internal sealed record OtlpSettings(Uri Endpoint, bool HttpProtobuf, int IntervalMs);

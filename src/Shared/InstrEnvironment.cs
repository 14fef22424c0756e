namespace Instr.Shared;

/// <summary>Names of the environment variables that switch agent features, shared by the agent and the CLI.</summary>
internal static class InstrEnvironment
{
    public const string Disable = "INSTR_DISABLE";
    public const string Log = "INSTR_LOG";
    public const string Patch = "INSTR_PATCH";
    public const string Report = "INSTR_REPORT";
    public const string TcpPort = "INSTR_TCP_PORT";
    public const string Token = "INSTR_TOKEN";
    public const string StartupHooks = "DOTNET_STARTUP_HOOKS";

    /// <summary>Port on 127.0.0.1 where the agent serves the patched-method metrics in Prometheus text format.</summary>
    public const string MetricsPort = "INSTR_METRICS_PORT";

    /// <summary>OTLP endpoint (base URL, as OTEL_EXPORTER_OTLP_ENDPOINT) the agent pushes the metrics to.</summary>
    public const string OtlpEndpoint = "INSTR_OTLP_ENDPOINT";

    /// <summary>OTLP protocol: grpc (default) or http/protobuf.</summary>
    public const string OtlpProtocol = "INSTR_OTLP_PROTOCOL";

    /// <summary>Milliseconds between OTLP pushes (default 10000).</summary>
    public const string OtlpInterval = "INSTR_OTLP_INTERVAL_MS";

    /// <summary>
    /// Optional: process names (entry assembly or executable name, ';' or ',' separated, exact and case-sensitive)
    /// that get an agent; every other process that inherits DOTNET_STARTUP_HOOKS stays without one. The instr CLI
    /// itself never starts an agent.
    /// </summary>
    public const string ProcessFilter = "INSTR_PROCESS_FILTER";
}

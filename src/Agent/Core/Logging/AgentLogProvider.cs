using Microsoft.Extensions.Logging;

namespace Instr.Agent.Logging;

/// <summary>
/// Routes the host's own logs (Kestrel, gRPC) to <see cref="AgentLog"/>. Registered only when INSTR_LOG is set;
/// otherwise the agent's host has no logging provider at all.
/// </summary>
internal sealed class AgentLogProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CategoryLogger(categoryName);

    public void Dispose()
    {
    }

    private sealed class CategoryLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= (category.StartsWith("Instr.", StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                AgentLog.Write(logLevel.ToString().ToLowerInvariant(), $"{category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            }
        }
    }
}

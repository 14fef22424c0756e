using System.Globalization;
using Instr.Shared;

namespace Instr.Agent.Logging;

/// <summary>
/// The agent's own log: appended to INSTR_LOG when set, otherwise nothing is written anywhere. Never the app's
/// stdout/stderr, never throws.
/// </summary>
internal static class AgentLog
{
    private static readonly Lock Gate = new();

    public static string? FilePath { get; } = NullIfEmpty(Environment.GetEnvironmentVariable(InstrEnvironment.Log));

    public static bool Enabled => FilePath is not null;

    public static void Info(string message) => Write("info", message);

    public static void Warn(string message) => Write("warn", message);

    public static void Error(string message, Exception? error = null) => Write("error", error is null ? message : $"{message}: {error}");

    public static void Write(string level, string message)
    {
        if (FilePath is null)
        {
            return;
        }

        try
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:O} [{Environment.ProcessId}] {level} agent: {message}{Environment.NewLine}");
            lock (Gate)
            {
                File.AppendAllText(FilePath, line);
            }
        }
        catch (IOException)
        {
            // A log that cannot be written must not disturb the app.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

using System.Globalization;
using Instr.Shared;

namespace Instr.Agent.Services;

/// <summary>
/// The services' log: appended to INSTR_LOG when set, otherwise dropped. Never writes to the app's stdout/stderr
/// (product.md: nothing of the agent's may appear in the app's output) and never throws.
/// </summary>
internal static class ServiceLog
{
    private static readonly Lock Gate = new();
    private static readonly string? Path = Environment.GetEnvironmentVariable(InstrEnvironment.Log);

    public static void Info(string message) => Write("info", message);

    public static void Error(string message, Exception error) => Write("error", $"{message}: {error}");

    private static void Write(string level, string message)
    {
        if (string.IsNullOrEmpty(Path))
        {
            return;
        }

        try
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:O} {level} services: {message}{Environment.NewLine}");
            lock (Gate)
            {
                File.AppendAllText(Path, line);
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
}

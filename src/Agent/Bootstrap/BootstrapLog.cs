using System.Globalization;
using Instr.Shared;

/// <summary>
/// The bootstrap's own log lines: appended to INSTR_LOG when set, otherwise dropped (the app's stdout/stderr belong to
/// the app). Never throws.
/// </summary>
internal static class BootstrapLog
{
    public static void Write(string message)
    {
        var path = Environment.GetEnvironmentVariable(InstrEnvironment.Log);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        try
        {
            File.AppendAllText(path, string.Format(CultureInfo.InvariantCulture,
                "{0:O} [{1}] bootstrap: {2}{3}", DateTimeOffset.UtcNow, CurrentProcess.Id, message, Environment.NewLine));
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

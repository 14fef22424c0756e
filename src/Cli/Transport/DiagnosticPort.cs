using System.Globalization;

namespace Instr.Cli.Transport;

/// <summary>
/// The runtime's own diagnostic socket, <c>dotnet-diagnostic-{pid}-{starttime}-socket</c> in the app's TMPDIR
/// (default /tmp): it exists when the app can take `instr attach`. Looked for in our TMPDIR and in the app's own.
/// </summary>
internal static class DiagnosticPort
{
    /// <summary>The socket path, or null when the app has none where it would put it.</summary>
    public static string? Find(DotNetProcess process, IReadOnlyDictionary<string, string>? environment)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"dotnet-diagnostic-{process.Pid}-{process.StartTime}-socket");
        foreach (var directory in Candidates(environment))
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(IReadOnlyDictionary<string, string>? environment)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in new[] { environment?.GetValueOrDefault("TMPDIR"), Environment.GetEnvironmentVariable("TMPDIR"), "/tmp" })
        {
            if (!string.IsNullOrEmpty(directory) && seen.Add(directory))
            {
                yield return directory;
            }
        }
    }
}

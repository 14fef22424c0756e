using System.Globalization;
using System.Text.RegularExpressions;

namespace Instr.Shared;

/// <summary>
/// Where agents put their sockets and how they are named; shared by the agent (creates) and the CLI (discovers).
/// Directory: <c>$XDG_RUNTIME_DIR/instr/</c>, else <c>$TMPDIR/instr-{uid}/</c> (TMPDIR defaults to /tmp), mode 0700.
/// File: <c>instr-{pid}-{starttime}.sock</c>, starttime = field 22 of /proc/{pid}/stat, so a recycled pid
/// never matches a stale socket.
/// </summary>
internal static partial class AgentSocketPaths
{
    public const string FilePrefix = "instr-";
    public const string FileSuffix = ".sock";

    /// <summary>The socket directory for the current user and environment.</summary>
    public static string Directory(Func<string, string?>? getEnv = null)
    {
        getEnv ??= Environment.GetEnvironmentVariable;
        var xdg = getEnv("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "instr");
        }

        var tmp = getEnv("TMPDIR");
        if (string.IsNullOrEmpty(tmp))
        {
            tmp = "/tmp";
        }

        return Path.Combine(tmp, $"instr-{CurrentUid()}");
    }

    public static string FileName(int pid, long startTime) =>
        string.Create(CultureInfo.InvariantCulture, $"{FilePrefix}{pid}-{startTime}{FileSuffix}");

    /// <summary>Parses a socket file name into (pid, starttime); false for anything else in the directory.</summary>
    public static bool TryParse(string fileName, out int pid, out long startTime)
    {
        pid = 0;
        startTime = 0;
        var match = SocketNamePattern().Match(Path.GetFileName(fileName));
        return match.Success
            && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out pid)
            && long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out startTime);
    }

    /// <summary>Field 22 of /proc/{pid}/stat (start time in clock ticks since boot), or null if the process is gone.</summary>
    public static long? ReadStartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may contain spaces or ')': split after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field 22 is fields[19].
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? ticks
            : null;
    }

    /// <summary>The real uid of this process (read from /proc to avoid a P/Invoke here).</summary>
    public static uint CurrentUid()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return uint.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("cannot read the uid from /proc/self/status");
    }

    [GeneratedRegex(@"^instr-(\d+)-(\d+)\.sock$", RegexOptions.CultureInvariant)]
    private static partial Regex SocketNamePattern();
}

using Instr.Shared;

namespace Instr.Cli.Transport;

/// <summary>
/// Finds agents by listing the socket directory (like the runtime's own dotnet-diagnostic-* sockets): a name
/// instr-{pid}-{starttime}.sock is live only while that pid runs with that start time; anything else is stale
/// (the app was killed, or the pid was reused) and is deleted so it cannot confuse the next scan.
/// </summary>
internal static class AgentDiscovery
{
    public static DiscoveryResult Scan(string directory)
    {
        var live = new List<AgentEndpoint>();
        var stale = new List<StaleSocket>();
        if (!Directory.Exists(directory))
        {
            return new DiscoveryResult(directory, live, stale);
        }

        string[] files;
        try
        {
            files = Directory.GetFiles(directory, AgentSocketPaths.FilePrefix + "*" + AgentSocketPaths.FileSuffix);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InstrException(ExitCode.Unreachable, $"cannot read the socket directory {directory}: permission denied (it belongs to another user: run instr as that user, or give this user its own TMPDIR/XDG_RUNTIME_DIR)", ex);
        }

        foreach (var path in files.Order(StringComparer.Ordinal))
        {
            if (!AgentSocketPaths.TryParse(path, out var pid, out var startTime))
            {
                continue;
            }

            var actualStart = AgentSocketPaths.ReadStartTime(pid);
            if (actualStart is null)
            {
                stale.Add(new StaleSocket(pid, path, "process is not running", TryDelete(path)));
            }
            else if (actualStart.Value != startTime)
            {
                stale.Add(new StaleSocket(pid, path, "pid was reused by another process", TryDelete(path)));
            }
            else
            {
                live.Add(new AgentEndpoint(pid, startTime, path));
            }
        }

        RemoveHiddenLeftovers(directory);
        return new DiscoveryResult(directory, live, stale);
    }

    /// <summary>
    /// An agent hides its socket under ".instr-…" while it binds and when a signal may end the app; an app killed right
    /// then leaves that name behind. Nothing connects to it, so a dead process's hidden socket is simply removed.
    /// </summary>
    private static void RemoveHiddenLeftovers(string directory)
    {
        string[] hidden;
        try
        {
            hidden = Directory.GetFiles(directory, "." + AgentSocketPaths.FilePrefix + "*" + AgentSocketPaths.FileSuffix);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var path in hidden)
        {
            if (AgentSocketPaths.TryParse(Path.GetFileName(path)[1..], out var pid, out var startTime) && AgentSocketPaths.ReadStartTime(pid) != startTime)
            {
                TryDelete(path);
            }
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}

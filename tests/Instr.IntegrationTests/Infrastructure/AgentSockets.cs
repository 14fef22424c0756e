using Instr.Shared;

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>Finds an app's agent socket in a socket directory (names per AgentSocketPaths: instr-{pid}-{starttime}.sock).</summary>
public static class AgentSockets
{
    /// <summary>The socket of <paramref name="pid"/> in <paramref name="directory"/>, or null if there is none (yet).</summary>
    public static string? Find(string directory, int pid)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        try
        {
            return Directory.EnumerateFiles(directory)
                .FirstOrDefault(path => AgentSocketPaths.TryParse(path, out var socketPid, out _) && socketPid == pid);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Polls (bounded) until the app's socket exists; fails early, with the app's output, if the app exits.</summary>
    public static async Task<string> WaitForSocketAsync(string directory, ChildProcess app, TimeSpan timeout)
    {
        string? socket = null;
        await Poll.UntilAsync(
            () => (socket = Find(directory, app.Pid)) is not null,
            timeout,
            () => $"no agent socket for pid {app.Pid} in {directory} after {timeout.TotalSeconds:0} s ({app.Description})\n--- stdout\n{app.StandardOutput}\n--- stderr\n{app.StandardError}",
            stopEarly: () => app.HasExited && Find(directory, app.Pid) is null
                ? $"{app.Description} exited before its agent socket appeared in {directory}\n--- stdout\n{app.StandardOutput}\n--- stderr\n{app.StandardError}"
                : null);
        return socket!;
    }
}

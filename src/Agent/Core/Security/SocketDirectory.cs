using System.Globalization;
using Instr.Agent.Logging;
using Instr.Agent.Security.Interop;

namespace Instr.Agent.Security;

/// <summary>
/// The directory that holds the agent's socket: created 0700, and refused when it is a symbolic link or belongs to
/// another user (someone could otherwise plant a socket or read ours). An own directory with looser permissions is
/// tightened back to 0700.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class SocketDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Prepare(string directory)
    {
        var before = LibC.LStat(directory);
        if (before is null)
        {
            try
            {
                Directory.CreateDirectory(directory, OwnerOnly);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new AgentStartException($"cannot create the socket directory {directory}: {error.Message}", error);
            }
        }

        // Check what is there now, whoever created it (another process may have won a race).
        var entry = LibC.LStat(directory) ?? throw new AgentStartException($"the socket directory {directory} vanished while it was being created");
        if (entry.IsSymbolicLink)
        {
            throw new AgentStartException($"the socket directory {directory} is a symbolic link; refusing to use it");
        }

        if (!entry.IsDirectory)
        {
            throw new AgentStartException($"{directory} exists and is not a directory; refusing to put the socket there");
        }

        var uid = LibC.GetEffectiveUid();
        if (entry.Uid != uid)
        {
            throw new AgentStartException(string.Create(CultureInfo.InvariantCulture,
                $"the socket directory {directory} belongs to uid {entry.Uid}, not to this process's uid {uid}; refusing to use it"));
        }

        if ((entry.Permissions & 0x3F) != 0)
        {
            AgentLog.Warn(string.Create(CultureInfo.InvariantCulture, $"socket directory {directory} had mode {Convert.ToString(entry.Permissions, 8)}; set to 0700"));
            File.SetUnixFileMode(directory, OwnerOnly);
        }
    }
}

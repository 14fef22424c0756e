using System.Globalization;
using System.Text;
using Instr.Shared;

namespace Instr.Agent.Hosting;

/// <summary>The agent's socket path for this process (see AgentSocketPaths), checked against the OS limit.</summary>
internal static class AgentSocketPath
{
    /// <summary>sun_path is 108 bytes including the terminating NUL.</summary>
    public const int MaxBytes = 107;

    public static string For(string directory, int pid, long startTime)
    {
        var path = Path.Combine(directory, AgentSocketPaths.FileName(pid, startTime));
        var length = Encoding.UTF8.GetByteCount(path);
        return length <= MaxBytes
            ? path
            : throw new AgentStartException(string.Create(CultureInfo.InvariantCulture,
                $"the socket path {path} is {length} bytes, longer than the {MaxBytes} a Unix socket allows; set XDG_RUNTIME_DIR or TMPDIR to a shorter directory"));
    }
}

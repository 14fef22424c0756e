using System.Globalization;
using System.Text;
using Instr.Shared;

namespace Instr.Agent.Hosting;

/// <summary>
/// The agent's socket path for this process (see AgentSocketPaths), checked against the OS limit, and the hidden
/// name Kestrel binds first: the socket is made 0600 there and only then renamed to the name clients discover, so
/// no client ever sees it with the umask's permissions.
/// </summary>
internal static class AgentSocketPath
{
    /// <summary>sun_path is 108 bytes including the terminating NUL.</summary>
    public const int MaxBytes = 107;

    /// <summary>The discoverable path; throws a one-line reason when it (or its hidden twin) is too long.</summary>
    public static string For(string directory, int pid, long startTime)
    {
        var path = Path.Combine(directory, AgentSocketPaths.FileName(pid, startTime));
        var length = Encoding.UTF8.GetByteCount(BindingPathOf(path));
        return length <= MaxBytes
            ? path
            : throw new AgentStartException(string.Create(CultureInfo.InvariantCulture,
                $"the socket path {path} is {length - 1} bytes, longer than the {MaxBytes - 1} a Unix socket allows here; set XDG_RUNTIME_DIR or TMPDIR to a shorter directory"));
    }

    /// <summary>Where Kestrel binds before the rename: same directory, a name discovery ignores (leading dot).</summary>
    public static string BindingPathOf(string socketPath) =>
        Path.Combine(Path.GetDirectoryName(socketPath)!, "." + Path.GetFileName(socketPath));
}

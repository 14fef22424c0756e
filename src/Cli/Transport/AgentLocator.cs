using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Instr.Shared;

namespace Instr.Cli.Transport;

/// <summary>
/// Picks the agent a command talks to: the one of <c>--pid</c>, or the single live agent in the socket directory.
/// Every way this can fail becomes an <see cref="InstrException"/> whose message says how to fix it.
/// </summary>
internal static class AgentLocator
{
    public static async Task<AgentConnection> ConnectAsync(int? pid, CancellationToken ct, string? directory = null)
    {
        var endpoint = Select(pid, directory ?? AgentSocketPaths.Directory());
        await ProbeAsync(endpoint, ct).ConfigureAwait(false);
        return AgentConnection.Open(endpoint);
    }

    public static AgentEndpoint Select(int? pid, string directory)
    {
        var scan = AgentDiscovery.Scan(directory);
        if (pid is { } wanted)
        {
            return scan.Live.FirstOrDefault(e => e.Pid == wanted) ?? throw NoAgentFor(wanted, directory);
        }

        return scan.Live.Count switch
        {
            1 => scan.Live[0],
            0 => throw new InstrException(ExitCode.Usage, NoAgentMessage(directory)),
            _ => throw new InstrException(ExitCode.Usage, AmbiguousMessage(scan.Live)),
        };
    }

    public static string NoAgentMessage(string directory) =>
        $"no process with an instr agent found in {directory}; start your app with " +
        "DOTNET_STARTUP_HOOKS=$(instr agent-path) or use `instr attach PID` " +
        "(if the app runs with another TMPDIR/XDG_RUNTIME_DIR, use the same here)";

    private static string AmbiguousMessage(IReadOnlyList<AgentEndpoint> live)
    {
        var candidates = string.Join(", ", live.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Pid} ({ProcessFacts.Name(e.Pid) ?? "?"})")));
        return $"{live.Count} processes have an instr agent: {candidates}; choose one with --pid";
    }

    private static InstrException NoAgentFor(int pid, string directory)
    {
        if (!ProcessFacts.IsRunning(pid))
        {
            return new InstrException(ExitCode.Unreachable, string.Create(CultureInfo.InvariantCulture, $"process {pid} is not running"));
        }

        var owner = ProcessFacts.OwnerUid(pid);
        if (owner is { } uid && uid != AgentSocketPaths.CurrentUid())
        {
            return new InstrException(ExitCode.Unreachable, string.Create(CultureInfo.InvariantCulture, $"process {pid} belongs to another user (uid {uid}); its agent only accepts that user: run instr as that user"));
        }

        var message = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"process {pid} has no instr agent socket in {directory}"));
        var elsewhere = SocketOfTargetEnvironment(pid);
        if (elsewhere is not null && elsewhere.Value.Directory != directory)
        {
            message.Append(CultureInfo.InvariantCulture, $"; its agent listens in {elsewhere.Value.Directory} because the app runs with {elsewhere.Value.Variable}: run instr with the same {elsewhere.Value.Variable}");
        }
        else if (ProcessFacts.IsDotNet(pid) == false)
        {
            message.Append("; it is not a .NET process");
        }
        else
        {
            message.Append(CultureInfo.InvariantCulture, $"; it was not started with DOTNET_STARTUP_HOOKS=$(instr agent-path) (load the agent now with `instr attach {pid}`), or it runs with another TMPDIR/XDG_RUNTIME_DIR (use the same here)");
        }

        return new InstrException(ExitCode.Unreachable, message.ToString());
    }

    /// <summary>Where the target itself would put its socket, read from its environment (same user only).</summary>
    private static (string Directory, string Variable)? SocketOfTargetEnvironment(int pid)
    {
        var env = ProcessFacts.Environment(pid);
        var start = AgentSocketPaths.ReadStartTime(pid);
        if (env is null || start is null)
        {
            return null;
        }

        var dir = AgentSocketPaths.Directory(name => env.GetValueOrDefault(name));
        var variable = env.ContainsKey("XDG_RUNTIME_DIR") && env["XDG_RUNTIME_DIR"].Length > 0 ? "XDG_RUNTIME_DIR" : "TMPDIR";
        return File.Exists(Path.Combine(dir, AgentSocketPaths.FileName(pid, start.Value))) ? (dir, variable) : null;
    }

    /// <summary>Connects once without gRPC so EACCES/ECONNREFUSED can be explained instead of a generic UNAVAILABLE.</summary>
    private static async Task ProbeAsync(AgentEndpoint endpoint, CancellationToken ct)
    {
        try
        {
            await using var stream = await AgentConnection.ConnectAsync(endpoint.SocketPath, ct).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw ConnectionFailure(endpoint.Pid, endpoint.SocketPath, ex);
        }
    }

    public static InstrException ConnectionFailure(int pid, string socketPath, SocketException ex)
    {
        var why = ex.SocketErrorCode switch
        {
            SocketError.AccessDenied => "permission denied (the agent belongs to another user; run instr as that user)",
            SocketError.ConnectionRefused => "connection refused (the agent stopped listening; is the app shutting down?)",
            SocketError.AddressNotAvailable => "the socket disappeared (the app exited)",
            _ => ex.Message,
        };
        return new InstrException(ExitCode.Unreachable, string.Create(CultureInfo.InvariantCulture, $"cannot connect to the agent of process {pid} at {socketPath}: {why}"), ex);
    }
}

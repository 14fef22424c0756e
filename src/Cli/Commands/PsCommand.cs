using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Instr.Cli.Rendering;
using Instr.Cli.Transport;
using Instr.Protocol.V1;
using Instr.Shared;

namespace Instr.Cli.Commands;

/// <summary>
/// `instr ps`: every .NET process of this user. Those with an agent socket are asked who they are (agent, or
/// unreachable with the reason); the others are attachable when the runtime's diagnostic socket is there, or
/// unreachable with the reason. Stale agent sockets are removed and reported.
/// </summary>
internal static class PsCommand
{
    private static readonly TimeSpan ProbeDeadline = TimeSpan.FromSeconds(5);

    public static Command Create(CliConsole console, CommonOptions common)
    {
        var command = new Command("ps", "List the .NET processes of this user: with an agent, attachable (instr attach PID), or unreachable with the reason")
        {
            common.Json,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync(console, result.GetValue(common.Verbose), ct, async () =>
        {
            var directory = AgentSocketPaths.Directory();
            var scan = AgentDiscovery.Scan(directory);
            // Asked in parallel so one hung agent costs its deadline once, not once per process.
            var agents = await Task.WhenAll(scan.Live.Select(endpoint => DescribeAsync(endpoint, ct))).ConfigureAwait(false);
            var withSocket = scan.Live.Select(e => e.Pid).ToHashSet();
            var others = DotNetProcessScan.Find()
                .Where(p => !withSocket.Contains(p.Pid))
                .Select(p => AttachReadiness.Describe(p, directory));
            var rows = agents.Concat(others).OrderBy(r => r.Status).ThenBy(r => r.Pid).ToList();
            var stale = scan.Stale.Select(s => new ProcessRow(s.Pid, "-", s.SocketPath, "-", 0, ProcessStatus.Unreachable,
                $"stale: {s.Reason}{(s.Deleted ? " (socket removed)" : " (could not remove)")}")).ToList();

            if (result.GetValue(common.Json))
            {
                console.Out.WriteLine(JsonOutput.Processes(rows));
                foreach (var row in stale)
                {
                    console.WriteError(string.Create(CultureInfo.InvariantCulture, $"process {row.Pid}: {row.Reason} ({row.Socket})"));
                }
            }
            else
            {
                TableRenderers.For(console).Render(["PID", "NAME", "RUNTIME", "STATUS", "PATCHED", "SOCKET / NEXT STEP / REASON"], rows.Concat(stale).Select(Cells));
            }

            if (!rows.Any(r => r.Status == ProcessStatus.Agent) && stale.Count == 0 && !result.GetValue(common.Json))
            {
                console.WriteError(AgentLocator.NoAgentMessage(directory));
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static IReadOnlyList<string> Cells(ProcessRow row) =>
    [
        row.Pid.ToString(CultureInfo.InvariantCulture),
        row.Name,
        row.Runtime,
        JsonOutput.StatusName(row.Status),
        row.Status == ProcessStatus.Agent ? row.Patched.ToString(CultureInfo.InvariantCulture) : "-",
        row.Status switch
        {
            ProcessStatus.Agent => row.Reason is null ? row.Socket ?? "" : $"{row.Socket}\t{row.Reason}",
            ProcessStatus.Attachable => string.Create(CultureInfo.InvariantCulture, $"instr attach {row.Pid}"),
            _ => row.Reason ?? "",
        },
    ];

    private static async Task<ProcessRow> DescribeAsync(AgentEndpoint endpoint, CancellationToken ct)
    {
        var fallbackName = DotNetProcessScan.NameOf(endpoint.Pid);
        var runtime = DotNetProcessScan.RuntimeOf(endpoint.Pid) ?? "-";
        using var connection = AgentConnection.Open(endpoint);
        try
        {
            var info = await connection.Client.GetProcessInfoAsync(
                new GetProcessInfoRequest(),
                new CallOptions(deadline: DateTime.UtcNow + ProbeDeadline, cancellationToken: ct)).ConfigureAwait(false);
            // Faults the agent kept from the app are said where a user looks first: counts may be low.
            var faults = info.EngineFaults == 0 ? null : string.Create(CultureInfo.InvariantCulture,
                $"{info.EngineFaults} engine faults kept from the app (counts may be low): {info.EngineLastFault}");
            return new ProcessRow(endpoint.Pid, string.IsNullOrEmpty(info.Name) ? fallbackName : info.Name, endpoint.SocketPath, info.Runtime, info.Patched, ProcessStatus.Agent, faults);
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            var why = RpcErrors.ToInstrException(ex, connection, "GetProcessInfo").Message;
            return new ProcessRow(endpoint.Pid, fallbackName, endpoint.SocketPath, runtime, 0, ProcessStatus.Unreachable, $"agent unreachable: {why}");
        }
    }
}

using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Instr.Cli.Rendering;
using Instr.Cli.Transport;
using Instr.Protocol.V1;
using Instr.Shared;

namespace Instr.Cli.Commands;

/// <summary>`instr ps`: every process with an agent socket, asking each agent who it is; stale sockets are removed and shown.</summary>
internal static class PsCommand
{
    private static readonly TimeSpan ProbeDeadline = TimeSpan.FromSeconds(5);

    public static Command Create(CliConsole console, CommonOptions common)
    {
        var command = new Command("ps", "List processes with a reachable instr agent (and stale or unreachable sockets, with the reason)")
        {
            common.Json,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync(console, result.GetValue(common.Verbose), ct, async () =>
        {
            var scan = AgentDiscovery.Scan(AgentSocketPaths.Directory());
            // Asked in parallel so one hung agent costs its deadline once, not once per process.
            var rows = await Task.WhenAll(scan.Live.Select(endpoint => DescribeAsync(endpoint, ct))).ConfigureAwait(false);

            var problems = rows.Where(r => r.Problem is not null)
                .Concat(scan.Stale.Select(s => new ProcessRow(s.Pid, "-", s.SocketPath, "-", 0, $"stale: {s.Reason}{(s.Deleted ? " (socket removed)" : " (could not remove)")}")))
                .ToList();
            var reachable = rows.Where(r => r.Problem is null).ToList();

            if (result.GetValue(common.Json))
            {
                console.Out.WriteLine(JsonOutput.Processes(reachable));
                foreach (var problem in problems)
                {
                    console.WriteError(string.Create(CultureInfo.InvariantCulture, $"process {problem.Pid}: {problem.Problem} ({problem.Socket})"));
                }
            }
            else
            {
                TableRenderers.For(console).Render(
                    ["PID", "NAME", "RUNTIME", "PATCHED", "SOCKET"],
                    reachable.Concat(problems).Select(r => (IReadOnlyList<string>)
                    [
                        r.Pid.ToString(CultureInfo.InvariantCulture),
                        r.Name,
                        r.Problem ?? r.Runtime,
                        r.Problem is null ? r.Patched.ToString(CultureInfo.InvariantCulture) : "-",
                        r.Socket,
                    ]));
            }

            if (rows.Length == 0 && scan.Stale.Count == 0 && !result.GetValue(common.Json))
            {
                console.WriteError(AgentLocator.NoAgentMessage(scan.Directory));
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static async Task<ProcessRow> DescribeAsync(AgentEndpoint endpoint, CancellationToken ct)
    {
        var fallbackName = ProcessFacts.Name(endpoint.Pid) ?? "?";
        using var connection = AgentConnection.Open(endpoint);
        try
        {
            var info = await connection.Client.GetProcessInfoAsync(
                new GetProcessInfoRequest(),
                new CallOptions(deadline: DateTime.UtcNow + ProbeDeadline, cancellationToken: ct)).ConfigureAwait(false);
            return new ProcessRow(endpoint.Pid, string.IsNullOrEmpty(info.Name) ? fallbackName : info.Name, endpoint.SocketPath, info.Runtime, info.Patched, null);
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            var why = RpcErrors.ToInstrException(ex, connection, "GetProcessInfo").Message;
            return new ProcessRow(endpoint.Pid, fallbackName, endpoint.SocketPath, "-", 0, $"unreachable: {why}");
        }
    }
}

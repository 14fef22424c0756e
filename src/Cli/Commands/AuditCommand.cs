using System.CommandLine;
using System.Globalization;
using Instr.Cli.Rendering;
using Instr.Cli.Transport;
using Instr.Protocol.V1;

namespace Instr.Cli.Commands;

/// <summary>`instr audit [--json]`: what was patched and unpatched in the process, when, by which uid, and how it went.</summary>
internal static class AuditCommand
{
    public static Command Create(CliConsole console, CommonOptions common)
    {
        var command = new Command("audit", "Show who patched and unpatched what in the target app (time, uid, action, pattern, methods, result)")
        {
            common.Pid, common.Json,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync(console, result.GetValue(common.Verbose), ct, async () =>
        {
            using var connection = await AgentLocator.ConnectAsync(result.GetValue(common.Pid), ct).ConfigureAwait(false);
            var response = await AgentCall.UnaryAsync(connection, "audit", o => connection.Client.GetAuditAsync(new GetAuditRequest(), o), ct).ConfigureAwait(false);
            Render(console, response, result.GetValue(common.Json));
            return ExitCode.Ok;
        }));
        return command;
    }

    internal static void Render(CliConsole console, GetAuditResponse response, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(JsonOutput.Audit(response));
            return;
        }

        if (response.Dropped > 0)
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({response.Dropped} older entries no longer kept)"));
        }

        foreach (var entry in response.Entries)
        {
            var time = DateTimeOffset.FromUnixTimeMilliseconds(entry.TimeUnixMs).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            var uid = entry.Uid < 0 ? "-" : entry.Uid.ToString(CultureInfo.InvariantCulture);
            var lease = entry.Lease.Length == 0 ? "" : $" [{entry.Lease}]";
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{time}\tuid {uid}\t{entry.Action}{lease}\t{entry.Pattern}\t{entry.MethodsTotal} methods\t{entry.Result}"));
        }
    }
}

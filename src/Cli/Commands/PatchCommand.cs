using System.CommandLine;
using Grpc.Core;
using Instr.Cli.Rendering;
using Instr.Cli.Transport;
using Instr.Protocol.V1;

namespace Instr.Cli.Commands;

/// <summary>`instr patch PATTERN [--dry-run] [--probe count|timing] [--all] [--ttl DURATION]`.</summary>
internal static class PatchCommand
{
    public static Command Create(CliConsole console, CommonOptions common)
    {
        var pattern = PatternArgument.Create("Method name or pattern to patch (Namespace.Type:Method, * and ? wildcards)", required: true);
        var dryRun = new Option<bool>("--dry-run") { Description = "Only show what would be patched" };
        var probe = new Option<string>("--probe")
        {
            Description = "What to measure: count (calls) or timing (calls, latency, exceptions)",
            DefaultValueFactory = _ => "count",
            HelpName = "count|timing",
        };
        probe.AcceptOnlyFromAmong("count", "timing");
        var all = new Option<bool>("--all") { Description = "Let type globs reach framework methods too (an exact type name always does)" };
        var ttl = new Option<string?>("--ttl")
        {
            Description = "A lease: the agent unpatches these methods by itself after DURATION (e.g. 30s, 10m, 1h30m; 1s to 30d)",
            HelpName = "DURATION",
        };
        ttl.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && Durations.Parse(r.Tokens[0].Value, out var problem) is null)
            {
                r.AddError($"--ttl: {problem}");
            }
        });
        var command = new Command("patch", "Instrument every method matching PATTERN in the target app")
        {
            pattern, dryRun, probe, all, ttl, common.Pid, common.Json,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync(console, result.GetValue(common.Verbose), ct, async () =>
        {
            using var connection = await AgentLocator.ConnectAsync(result.GetValue(common.Pid), ct).ConfigureAwait(false);
            var request = new PatchRequest
            {
                Pattern = result.GetValue(pattern)!,
                DryRun = result.GetValue(dryRun),
                Probe = result.GetValue(probe) == "timing" ? ProbeKind.Timing : ProbeKind.Count,
                IncludeFramework = result.GetValue(all),
                TtlMs = result.GetValue(ttl) is { } lease ? (ulong)Durations.Parse(lease, out _)!.Value.TotalMilliseconds : 0,
            };
            var json = result.GetValue(common.Json);
            PatchResponse response;
            try
            {
                response = await connection.Client.PatchAsync(request, new CallOptions(deadline: DateTime.UtcNow + AgentCall.DefaultDeadline, cancellationToken: ct)).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                // Every match was refused: show each reason, then fail with 4.
                var refused = RpcErrors.RefusedPatchResponse(ex);
                if (refused is not null)
                {
                    Render(console, refused, json);
                }

                throw RpcErrors.ToInstrException(ex, connection, "patch");
            }
            catch (RpcException ex) when (!(ex.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested))
            {
                throw RpcErrors.ToInstrException(ex, connection, "patch");
            }

            Render(console, response, json);
            return ExitCode.Ok;
        }));
        return command;
    }

    internal static void Render(CliConsole console, PatchResponse response, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(JsonOutput.Patch(response));
            return;
        }

        var verb = response.DryRun ? "would patch" : "patched";
        foreach (var method in response.Patched)
        {
            console.Out.WriteLine($"{verb}\t{method.Name}");
            if (method.Coverage == Coverage.Partial)
            {
                console.Out.WriteLine($"  coverage: partial — {method.CoverageReason}");
            }

            foreach (var note in method.Notes)
            {
                console.Out.WriteLine($"  note: {note}");
            }
        }

        foreach (var method in response.Skipped)
        {
            console.Out.WriteLine($"skipped\t{method.Name}\t{method.Reason}");
        }
    }
}

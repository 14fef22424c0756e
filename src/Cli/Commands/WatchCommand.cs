using System.CommandLine;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Instr.Cli.Rendering;
using Instr.Cli.Transport;
using Instr.Protocol.V1;

namespace Instr.Cli.Commands;

/// <summary>
/// `instr watch [--interval MS] [--once] [--count N] [--meter NAME]... [--lease PATTERN]...`: counters of the patched
/// methods (and app meters) until Ctrl+C (130), N snapshots (0), or the app exits (0 with a note on stderr, as
/// dotnet-counters ends quietly when its target goes away). With --lease, the agent patches PATTERN for as long as this
/// watch runs and unpatches it when the watch ends, however it ends (Ctrl+C, a killed or crashed CLI).
/// </summary>
internal static class WatchCommand
{
    /// <summary>How long a broken stream waits for the app to finish exiting before it is reported as an error.</summary>
    private static readonly TimeSpan AppExitGrace = TimeSpan.FromSeconds(5);

    public static Command Create(CliConsole console, CommonOptions common)
    {
        var interval = new Option<int>("--interval")
        {
            Description = "Milliseconds between snapshots (at least 50)",
            DefaultValueFactory = _ => 1000,
            HelpName = "MS",
        };
        interval.Validators.Add(r =>
        {
            if (OptionValues.IntToken(r) is < 50)
            {
                r.AddError("--interval must be at least 50 (milliseconds)");
            }
        });
        var once = new Option<bool>("--once") { Description = "Print one snapshot and exit" };
        var count = new Option<int?>("--count") { Description = "Exit after N snapshots", HelpName = "N" };
        count.Validators.Add(r =>
        {
            if (OptionValues.IntToken(r) is < 1)
            {
                r.AddError("--count must be at least 1");
            }
        });
        var meters = new Option<string[]>("--meter")
        {
            Description = "Also show the instruments of this app Meter (repeatable)",
            HelpName = "NAME",
        };
        var lease = new Option<string[]>("--lease")
        {
            Description = "Patch PATTERN for as long as this watch runs: the agent unpatches it when the watch ends, even if instr is killed (repeatable)",
            HelpName = "PATTERN",
        };
        var command = new Command("watch", "Show live call counters of the patched methods; ends on Ctrl+C (exit 130), after --count snapshots or when the app exits (exit 0)")
        {
            interval, once, count, meters, lease, common.Pid, common.Json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(once) && r.GetValue(count) is not null)
            {
                r.AddError("--once and --count cannot be combined");
            }
        });
        command.SetAction((result, ct) => CommandRunner.RunAsync(console, result.GetValue(common.Verbose), ct, async () =>
        {
            using var connection = await AgentLocator.ConnectAsync(result.GetValue(common.Pid), ct).ConfigureAwait(false);
            var wanted = result.GetValue(once) ? 1 : result.GetValue(count) ?? 0;
            var request = new WatchRequest { IntervalMs = (uint)result.GetValue(interval), Count = (uint)wanted };
            request.Meters.AddRange(result.GetValue(meters) ?? []);
            request.Lease.AddRange(result.GetValue(lease) ?? []);

            var received = new Counter();
            var renderer = WatchRenderers.For(console, result.GetValue(common.Json));
            try
            {
                var snapshots = WatchStream.ReadAsync(connection.Client, request, freshRows: false, ct);
                await renderer.RenderAsync(Limit(snapshots, received, wanted, ct), ct).ConfigureAwait(false);
            }
            catch (RpcException ex) when (!ct.IsCancellationRequested && ex.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition)
            {
                // A lease pattern the agent could not patch: the same exit codes as `instr patch`.
                throw RpcErrors.ToInstrException(ex, connection, "watch --lease");
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is RpcException or IOException or HttpRequestException)
            {
                // The stream broke. When the app is on its way out this is how its end arrives (which status, if any,
                // depends on how far the teardown got), so give it a moment to be gone before calling it an error.
                if (await ProcessFacts.ExitsWithinAsync(connection.Pid, AppExitGrace, ct).ConfigureAwait(false))
                {
                    return AppExited(console, connection.Pid);
                }

                if (ex is RpcException rpc)
                {
                    throw RpcErrors.ToInstrException(rpc, connection, "watch");
                }

                throw;
            }

            return wanted > 0 && received.Value >= wanted ? ExitCode.Ok : AppExited(console, connection.Pid);
        }));
        return command;
    }

    private static ExitCode AppExited(CliConsole console, int pid)
    {
        console.WriteError($"process {pid} exited; watch ended");
        return ExitCode.Ok;
    }

    private static async IAsyncEnumerable<WatchSnapshot> Limit(
        IAsyncEnumerable<WatchSnapshot> snapshots, Counter received, int wanted, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var snapshot in snapshots.WithCancellation(ct).ConfigureAwait(false))
        {
            received.Value++;
            yield return snapshot;
            if (wanted > 0 && received.Value >= wanted)
            {
                // Do not wait for the agent to close the stream: the count is what the user asked for.
                yield break;
            }
        }
    }

    private sealed class Counter
    {
        public int Value { get; set; }
    }
}

using Instr.Protocol.V1;

namespace Instr.Cli.Rendering;

/// <summary>
/// For pipes and dumb terminals: one tab-separated line per counter per snapshot, each starting with the time
/// (time, method, calls, rate/s, status[, timing]) or (time, meter/instrument{tags}, value).
/// </summary>
internal sealed class PlainWatchRenderer(TextWriter output) : IWatchRenderer
{
    public async Task RenderAsync(IAsyncEnumerable<WatchSnapshot> snapshots, CancellationToken ct)
    {
        await foreach (var snapshot in snapshots.WithCancellation(ct).ConfigureAwait(false))
        {
            var time = SnapshotCells.Time(snapshot);
            if (snapshot.Methods.Count == 0 && snapshot.Meters.Count == 0)
            {
                await output.WriteLineAsync($"{time}\t(no patched methods)").ConfigureAwait(false);
            }

            foreach (var method in snapshot.Methods)
            {
                var timing = SnapshotCells.Timing(method);
                await output.WriteLineAsync($"{time}\t{method.Name}\t{SnapshotCells.Calls(method)}\t{SnapshotCells.Rate(method)}\t{PatchStateText.Word(method.State)}{(timing.Length > 0 ? "\t" + timing : string.Empty)}").ConfigureAwait(false);
            }

            foreach (var meter in snapshot.Meters)
            {
                await output.WriteLineAsync($"{time}\t{SnapshotCells.Instrument(meter)}\t{SnapshotCells.Value(meter)}").ConfigureAwait(false);
            }

            await output.FlushAsync(ct).ConfigureAwait(false);
        }
    }
}

using Instr.Protocol.V1;
using Instr.Shared.Json;

namespace Instr.Cli.Rendering;

/// <summary>NDJSON: one snapshot object per line, flushed at once so `| jq` and tests see it immediately.</summary>
internal sealed class JsonWatchRenderer(TextWriter output) : IWatchRenderer
{
    public async Task RenderAsync(IAsyncEnumerable<WatchSnapshot> snapshots, CancellationToken ct)
    {
        await foreach (var snapshot in snapshots.WithCancellation(ct).ConfigureAwait(false))
        {
            await output.WriteLineAsync(WatchSnapshotJson.Serialize(snapshot)).ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
        }
    }
}

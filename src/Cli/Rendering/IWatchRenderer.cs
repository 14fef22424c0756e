using Instr.Protocol.V1;

namespace Instr.Cli.Rendering;

/// <summary>Shows a stream of counter snapshots until it ends (live table, plain lines or NDJSON).</summary>
internal interface IWatchRenderer
{
    Task RenderAsync(IAsyncEnumerable<WatchSnapshot> snapshots, CancellationToken ct);
}

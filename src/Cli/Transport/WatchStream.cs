using System.Runtime.CompilerServices;
using Grpc.Core;
using Instr.Protocol.V1;

namespace Instr.Cli.Transport;

/// <summary>
/// The counters of a watch as full snapshots: read from the agent's WatchChanges stream (only what changed travels)
/// and rebuilt by <see cref="WatchDeltaDecoder"/>. An agent without WatchChanges (an older build) is read through
/// Watch instead, unless the request holds a lease, which only WatchChanges can keep.
/// </summary>
internal static class WatchStream
{
    public static async IAsyncEnumerable<WatchSnapshot> ReadAsync(
        Instrumentation.InstrumentationClient client, WatchRequest request, bool freshRows, [EnumeratorCancellation] CancellationToken ct)
    {
        var decoder = new WatchDeltaDecoder();
        using var call = client.WatchChanges(request, cancellationToken: ct);
        bool first;
        var unimplemented = false;
        try
        {
            first = await call.ResponseStream.MoveNext(ct).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented && request.Lease.Count == 0)
        {
            first = false;
            unimplemented = true;
        }

        if (unimplemented)
        {
            await foreach (var snapshot in ReadFullAsync(client, request, ct).ConfigureAwait(false))
            {
                yield return snapshot;
            }

            yield break;
        }

        if (!first)
        {
            yield break;
        }

        do
        {
            yield return decoder.Apply(call.ResponseStream.Current, freshRows);
        }
        while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false));
    }

    private static async IAsyncEnumerable<WatchSnapshot> ReadFullAsync(
        Instrumentation.InstrumentationClient client, WatchRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        using var call = client.Watch(request, cancellationToken: ct);
        while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
        {
            yield return call.ResponseStream.Current;
        }
    }
}

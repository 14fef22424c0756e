using CsCheck;
using Grpc.Core;
using Instr.Protocol.V1;

namespace Instr.IntegrationTests.Safety;

/// <summary>One request the fuzz test sends: what it is (for the failure message) and how to send it and read the answer.</summary>
internal sealed record FuzzRequest(string Description, Func<Instrumentation.InstrumentationClient, DateTime, Task> Send)
{
    public override string ToString() => Description.Length <= 300 ? Description : Description[..300] + $"… ({Description.Length} chars)";

    public static Gen<FuzzRequest> Any { get; } = Gen.Frequency(
        (3, Gen.Select(FuzzInputs.Pattern, Gen.Bool, Gen.Int[-5, 100_000], List)),
        (5, Gen.Select(FuzzInputs.Pattern, Gen.Int[0, 9], Gen.Int[-3, 7], Gen.OneOf(Gen.Const(0UL), Gen.ULong, Gen.ULong[0, 5000], Gen.Const(ulong.MaxValue)), Patch)),
        (2, Gen.Select(FuzzInputs.Pattern, Gen.Int[0, 30], Unpatch)),
        (2, Gen.Select(Gen.OneOf(Gen.UInt, Gen.UInt[0, 200]), FuzzInputs.Pattern.Array[0, 3], Gen.Int[0, 9], FuzzInputs.Pattern, Watch)));

    private static FuzzRequest List(string pattern, bool framework, int limit) =>
        new($"List({pattern}, framework {framework}, limit {limit})", async (client, deadline) =>
            await client.ListMethodsAsync(new ListMethodsRequest { Pattern = pattern, IncludeFramework = framework, Limit = limit }, deadline: deadline));

    /// <summary>Mostly dry runs: a real patch of whatever a mutated pattern matched is rarer (it costs an install pause).</summary>
    private static FuzzRequest Patch(string pattern, int dice, int probe, ulong ttl) =>
        new($"Patch({pattern}, dry {dice < 7}, probe {probe}, ttl {ttl})", async (client, deadline) =>
            await client.PatchAsync(new PatchRequest { Pattern = pattern, DryRun = dice < 7, Probe = (ProbeKind)probe, TtlMs = ttl }, deadline: deadline));

    private static FuzzRequest Unpatch(string pattern, int dice) =>
        new($"Unpatch({pattern}, all {dice == 0})", async (client, deadline) =>
            await client.UnpatchAsync(new UnpatchRequest { Pattern = pattern, All = dice == 0 }, deadline: deadline));

    /// <summary>Both watch RPCs, a few messages each (bad intervals included), sometimes with lease patterns.</summary>
    private static FuzzRequest Watch(uint interval, string[] meters, int dice, string lease) =>
        new($"Watch(interval {interval}, meters [{string.Join(", ", meters)}], {(dice < 5 ? "changes" : "snapshots")}, lease {(dice < 2 ? lease : "-")})", async (client, deadline) =>
        {
            // A second message only where the interval is short, so a bad interval is sent as is without stalling the run.
            var request = new WatchRequest { IntervalMs = interval, Count = interval <= 200 ? (uint)(1 + (dice % 2)) : 1 };
            request.Meters.AddRange(meters);
            if (dice < 2)
            {
                request.Lease.Add(lease);
            }

            if (dice < 5)
            {
                using var changes = client.WatchChanges(request, deadline: deadline);
                while (await changes.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }
            else
            {
                using var snapshots = client.Watch(request, deadline: deadline);
                while (await snapshots.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }
        });

    /// <summary>The answers a hostile request may get: a proper status saying what was wrong with it.</summary>
    public static bool IsProperRefusal(StatusCode status) =>
        status is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.OutOfRange;
}

using Grpc.Core;
using Instr.Agent.Counters;
using Instr.Agent.Leases;
using Instr.Agent.Resolution;
using Instr.Protocol.V1;
using Microsoft.Extensions.Hosting;

namespace Instr.Agent.Services;

/// <summary>
/// The gRPC surface of the agent: a thin adapter over Resolution, the patch engine and Counters.
/// Errors are thrown as domain exceptions and mapped to statuses by <see cref="ErrorMappingInterceptor"/>.
/// </summary>
internal sealed class InstrumentationService(
    AgentIdentity identity,
    MethodResolver resolver,
    EngineAccess engine,
    PatchCoordinator patches,
    MeterCollector meters,
    IHostApplicationLifetime lifetime) : Instrumentation.InstrumentationBase
{
    public override Task<ProcessInfo> GetProcessInfo(GetProcessInfoRequest request, ServerCallContext context)
    {
        var info = new ProcessInfo
        {
            Pid = identity.Pid,
            Name = ProcessNames.Current(),
            Runtime = $".NET {Environment.Version}",
            Patched = engine.LivePatches().Count,
            AgentVersion = AgentVersion.Current,
            CommandLine = Environment.CommandLine,
            Socket = identity.SocketPath,
            StartTime = identity.StartTime,
            EngineFaults = engine.Faults(),
            EngineLastFault = EngineAccess.LastFault(),
        };
        return Task.FromResult(info);
    }

    public override Task<ListMethodsResponse> ListMethods(ListMethodsRequest request, ServerCallContext context)
    {
        var methods = resolver.Resolve(request.Pattern, request.IncludeFramework);
        var live = PatchCoordinator.ByMethod(engine.LivePatches());
        var response = new ListMethodsResponse();
        var limit = request.Limit > 0 ? request.Limit : int.MaxValue;
        foreach (var method in methods)
        {
            if (response.Methods.Count >= limit)
            {
                response.Truncated = true;
                break;
            }

            var patch = live.GetValueOrDefault(method.Method);
            response.Methods.Add(new MethodEntry
            {
                Name = method.Name,
                Assembly = method.Assembly,
                Patched = patch is { IsActive: true },
                Calls = patch?.ReadCalls() ?? 0,
            });
        }

        return Task.FromResult(response);
    }

    public override async Task<PatchResponse> Patch(PatchRequest request, ServerCallContext context)
    {
        var uid = Callers.UidOf(context);
        if (request.TtlMs == 0 || request.DryRun)
        {
            return await patches.PatchAsync(request.Pattern, request.DryRun, request.Probe, request.IncludeFramework, uid, lease: null, context.CancellationToken).ConfigureAwait(false);
        }

        var ttl = LeaseLimits.Ttl(request.TtlMs);
        var lease = Lease.ForTtl(ttl, uid);
        var response = await patches.PatchAsync(request.Pattern, dryRun: false, request.Probe, request.IncludeFramework, uid, lease, context.CancellationToken).ConfigureAwait(false);
        patches.EndAfter(lease, ttl);
        return response;
    }

    public override Task<UnpatchResponse> Unpatch(UnpatchRequest request, ServerCallContext context) =>
        patches.UnpatchAsync(request.Pattern, request.All, Callers.UidOf(context), context.CancellationToken);

    public override Task<GetAuditResponse> GetAudit(GetAuditRequest request, ServerCallContext context) =>
        Task.FromResult(patches.Audit.Read());

    public override async Task WatchChanges(WatchRequest request, IServerStreamWriter<WatchDelta> responseStream, ServerCallContext context)
    {
        var interval = TimeSpan.FromMilliseconds(WatchIntervals.Normalize(request.IntervalMs));
        var meterNames = request.Meters.Where(m => !string.IsNullOrWhiteSpace(m)).ToHashSet(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var lease = await TakeWatchLeaseAsync(request, context).ConfigureAwait(false);
        try
        {
            meters.Subscribe(meterNames);
            var tracker = new WatchChangeTracker(engine);
            using var timer = new PeriodicTimer(interval);
            var sent = 0u;
            do
            {
                var delta = tracker.Next(System.Diagnostics.Stopwatch.GetTimestamp(), identity.Pid);
                if (meterNames.Count > 0)
                {
                    delta.Meters.AddRange(meters.Read(meterNames));
                }

                // Awaited: a client that stops reading holds this loop at the transport's flow-control window (HTTP/2),
                // so an unread stream never queues messages in the agent; the timer's missed ticks collapse into one.
                await responseStream.WriteAsync(delta, stop.Token).ConfigureAwait(false);
                sent++;
            }
            while ((request.Count == 0 || sent < request.Count) && await WaitAsync(timer, stop.Token).ConfigureAwait(false));
        }
        finally
        {
            if (lease is not null)
            {
                // Whatever ended the stream (the client's Ctrl+C, a crashed or killed client, the app stopping).
                await patches.EndLeaseAsync(lease).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Patches the request's lease patterns under one lease for this stream (null when it has none).</summary>
    private async Task<Lease?> TakeWatchLeaseAsync(WatchRequest request, ServerCallContext context)
    {
        var patterns = request.Lease.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        if (patterns.Count == 0)
        {
            return null;
        }

        var uid = Callers.UidOf(context);
        var lease = Lease.ForWatch(uid);
        try
        {
            foreach (var pattern in patterns)
            {
                await patches.PatchAsync(pattern, dryRun: false, ProbeKind.Count, includeFramework: true, uid, lease, context.CancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // One bad pattern fails the stream before its first message; what the others patched is given back.
            await patches.EndLeaseAsync(lease).ConfigureAwait(false);
            throw;
        }

        return lease;
    }

    public override async Task Watch(WatchRequest request, IServerStreamWriter<WatchSnapshot> responseStream, ServerCallContext context)
    {
        var interval = TimeSpan.FromMilliseconds(WatchIntervals.Normalize(request.IntervalMs));
        var meterNames = request.Meters.Where(m => !string.IsNullOrWhiteSpace(m)).ToHashSet(StringComparer.Ordinal);
        meters.Subscribe(meterNames);

        // End promptly when either the client goes away or the app is stopping (otherwise an open stream delays the
        // app's exit by the host's stop timeout).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var sampler = new MethodCounterSampler();
        using var timer = new PeriodicTimer(interval);
        var sent = 0u;
        do
        {
            var snapshot = new WatchSnapshot { TimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Pid = identity.Pid };
            snapshot.Methods.AddRange(sampler.Sample(engine.LivePatches()));
            snapshot.Meters.AddRange(meters.Read(meterNames));
            await responseStream.WriteAsync(snapshot, stop.Token).ConfigureAwait(false);
            sent++;
        }
        while ((request.Count == 0 || sent < request.Count) && await WaitAsync(timer, stop.Token).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

using Grpc.Core;
using Instr.Agent.Counters;
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

    public override Task<PatchResponse> Patch(PatchRequest request, ServerCallContext context) =>
        patches.PatchAsync(request.Pattern, request.DryRun, request.Probe, request.IncludeFramework, context.CancellationToken);

    public override Task<UnpatchResponse> Unpatch(UnpatchRequest request, ServerCallContext context) =>
        patches.UnpatchAsync(request.Pattern, request.All, context.CancellationToken);

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

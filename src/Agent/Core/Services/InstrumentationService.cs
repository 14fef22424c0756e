using Grpc.Core;
using Instr.Protocol.V1;

namespace Instr.Agent.Services;

/// <summary>
/// The gRPC surface of the agent: a thin adapter over Resolution, the patch engine and Counters.
/// STUB: answers UNIMPLEMENTED until each RPC is built.
/// </summary>
internal sealed class InstrumentationService : Instrumentation.InstrumentationBase
{
    public override Task<ProcessInfo> GetProcessInfo(GetProcessInfoRequest request, ServerCallContext context) =>
        throw NotYet("GetProcessInfo");

    public override Task<ListMethodsResponse> ListMethods(ListMethodsRequest request, ServerCallContext context) =>
        throw NotYet("ListMethods");

    public override Task<PatchResponse> Patch(PatchRequest request, ServerCallContext context) =>
        throw NotYet("Patch");

    public override Task<UnpatchResponse> Unpatch(UnpatchRequest request, ServerCallContext context) =>
        throw NotYet("Unpatch");

    public override Task Watch(WatchRequest request, IServerStreamWriter<WatchSnapshot> responseStream, ServerCallContext context) =>
        throw NotYet("Watch");

    private static RpcException NotYet(string rpc) => new(new Status(StatusCode.Unimplemented, $"{rpc} is not implemented by this agent yet"));
}

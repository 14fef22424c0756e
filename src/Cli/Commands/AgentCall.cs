using Grpc.Core;
using Instr.Cli.Transport;

namespace Instr.Cli.Commands;

/// <summary>Connects to the chosen agent and runs one unary RPC with a deadline, mapping gRPC failures to exit codes.</summary>
internal static class AgentCall
{
    /// <summary>Long enough for patching thousands of methods; a hung agent still ends the command.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    public static async Task<T> UnaryAsync<T>(AgentConnection connection, string operation, Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken ct)
    {
        try
        {
            return await call(new CallOptions(deadline: DateTime.UtcNow + DefaultDeadline, cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (RpcException ex) when (!(ex.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested))
        {
            throw RpcErrors.ToInstrException(ex, connection, operation);
        }
    }
}

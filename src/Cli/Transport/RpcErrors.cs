using System.Net.Sockets;
using Grpc.Core;
using Instr.Protocol.V1;

namespace Instr.Cli.Transport;

/// <summary>The one place where gRPC status codes become exit codes and one-line messages.</summary>
internal static class RpcErrors
{
    /// <summary>Binary trailer carrying the serialized PatchResponse when every match was refused.</summary>
    public const string PatchResponseTrailer = "instr-patch-response-bin";

    public static InstrException ToInstrException(RpcException ex, AgentConnection connection, string operation)
    {
        var detail = string.IsNullOrWhiteSpace(ex.Status.Detail) ? ex.StatusCode.ToString() : OneLine(ex.Status.Detail);
        return ex.StatusCode switch
        {
            StatusCode.InvalidArgument => new InstrException(ExitCode.Usage, detail, ex),
            StatusCode.NotFound => new InstrException(ExitCode.NoMatch, detail, ex),
            StatusCode.FailedPrecondition => new InstrException(ExitCode.Refused, detail, ex),
            StatusCode.Unimplemented => new InstrException(ExitCode.Error, $"the agent does not support {operation} yet", ex),
            StatusCode.Unavailable => Unavailable(ex, connection),
            StatusCode.DeadlineExceeded => new InstrException(ExitCode.Unreachable, $"the agent of process {connection.Pid} did not answer {operation} in time", ex),
            StatusCode.PermissionDenied or StatusCode.Unauthenticated => new InstrException(ExitCode.Unreachable, $"the agent of process {connection.Pid} refused the connection: {detail}", ex),
            _ => new InstrException(ExitCode.Error, $"{operation} failed: {detail}", ex),
        };
    }

    /// <summary>The full response the agent attached to a FAILED_PRECONDITION Patch, if present.</summary>
    public static PatchResponse? RefusedPatchResponse(RpcException ex)
    {
        var entry = ex.Trailers.Get(PatchResponseTrailer);
        return entry is { IsBinary: true } ? PatchResponse.Parser.ParseFrom(entry.ValueBytes) : null;
    }

    private static InstrException Unavailable(RpcException ex, AgentConnection connection)
    {
        for (Exception? inner = ex.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socketError)
            {
                return AgentLocator.ConnectionFailure(connection.Pid, connection.SocketPath, socketError);
            }
        }

        if (!ProcessFacts.IsRunning(connection.Pid))
        {
            return new InstrException(ExitCode.Unreachable, $"process {connection.Pid} exited", ex);
        }

        return new InstrException(ExitCode.Unreachable, $"the agent of process {connection.Pid} is unreachable: {OneLine(ex.Status.Detail)}", ex);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}

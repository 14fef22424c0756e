using Grpc.Core;
using Grpc.Core.Interceptors;
using Google.Protobuf;
using Instr.Agent.Resolution;

namespace Instr.Agent.Services;

/// <summary>
/// The one place where domain errors become gRPC statuses, so handlers stay free of status plumbing and no
/// exception ever leaves the agent as an opaque INTERNAL with a stack trace.
/// </summary>
internal sealed class ErrorMappingInterceptor : Interceptor
{
    /// <summary>Binary trailer carrying the full PatchResponse when every match was refused.</summary>
    public const string PatchResponseTrailer = "instr-patch-response-bin";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw ToRpcException(error);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away: nothing to report to anyone.
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw ToRpcException(error);
        }
    }

    internal static RpcException ToRpcException(Exception error)
    {
        switch (error)
        {
            case PatternSyntaxException:
                return new RpcException(new Status(StatusCode.InvalidArgument, error.Message));
            case ArgumentException:
                return new RpcException(new Status(StatusCode.InvalidArgument, error.Message));
            case NoMatchException:
                return new RpcException(new Status(StatusCode.NotFound, error.Message));
            case AllRefusedException refused:
                var trailers = new Metadata { { PatchResponseTrailer, refused.Response.ToByteArray() } };
                return new RpcException(new Status(StatusCode.FailedPrecondition, error.Message), trailers);
            case NotImplementedException:
                return new RpcException(new Status(StatusCode.Unimplemented, error.Message));
            case PlatformNotSupportedException:
                return new RpcException(new Status(StatusCode.FailedPrecondition, error.Message));
            case OperationCanceledException:
                return new RpcException(new Status(StatusCode.Cancelled, "the agent is stopping"));
            default:
                ServiceLog.Error("unexpected error in a gRPC handler", error);
                return new RpcException(new Status(StatusCode.Internal, $"{error.GetType().Name}: {FirstLine(error.Message)}"));
        }
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}

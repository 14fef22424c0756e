using Google.Protobuf;
using Grpc.Core;
using Instr.Cli.Transport;
using Instr.Protocol.V1;

namespace Instr.Cli.Tests.Transport;

public sealed class RpcErrorsTests
{
    private static readonly AgentConnection Connection = AgentConnection.Open(new AgentEndpoint(Environment.ProcessId, 0, "/nonexistent/instr-test.sock"));

    [Theory]
    [InlineData(StatusCode.InvalidArgument, 2)]
    [InlineData(StatusCode.NotFound, 3)]
    [InlineData(StatusCode.FailedPrecondition, 4)]
    [InlineData(StatusCode.Unavailable, 5)]
    [InlineData(StatusCode.DeadlineExceeded, 5)]
    [InlineData(StatusCode.PermissionDenied, 5)]
    [InlineData(StatusCode.Unimplemented, 1)]
    [InlineData(StatusCode.Internal, 1)]
    [InlineData(StatusCode.Unknown, 1)]
    public void Status_codes_map_to_exit_codes(StatusCode status, int expected)
    {
        var ex = RpcErrors.ToInstrException(new RpcException(new Status(status, "detail\nsecond line")), Connection, "patch");
        Assert.Equal(expected, (int)ex.ExitCode);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Domain_errors_keep_the_agents_message()
    {
        var ex = RpcErrors.ToInstrException(new RpcException(new Status(StatusCode.NotFound, "no method matches 'X:Y'")), Connection, "patch");
        Assert.Equal("no method matches 'X:Y'", ex.Message);
    }

    [Fact]
    public void Unimplemented_says_which_operation_is_missing()
    {
        var ex = RpcErrors.ToInstrException(new RpcException(new Status(StatusCode.Unimplemented, string.Empty)), Connection, "watch");
        Assert.Equal("the agent does not support watch yet", ex.Message);
    }

    [Fact]
    public void Unavailable_with_a_socket_error_explains_the_socket_error()
    {
        var inner = new HttpRequestException("x", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.AccessDenied));
        var ex = RpcErrors.ToInstrException(new RpcException(new Status(StatusCode.Unavailable, "Error connecting", inner)), Connection, "list");
        Assert.Equal(ExitCode.Unreachable, ex.ExitCode);
        Assert.Contains("permission denied", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refused_patch_response_is_read_from_the_binary_trailer()
    {
        var response = new PatchResponse { Skipped = { new SkippedMethod { Name = "A:B()", Reason = "abstract" }, new SkippedMethod { Name = "A:C()", Reason = "extern" } } };
        var trailers = new Metadata { { RpcErrors.PatchResponseTrailer, response.ToByteArray() } };
        var rpc = new RpcException(new Status(StatusCode.FailedPrecondition, "every match was refused"), trailers);

        Assert.Equal(response, RpcErrors.RefusedPatchResponse(rpc));
        Assert.Null(RpcErrors.RefusedPatchResponse(new RpcException(new Status(StatusCode.FailedPrecondition, "x"))));
    }
}

using Google.Protobuf;
using Grpc.Core;
using Instr.Cli.Ui.Model;
using Instr.Protocol.V1;

namespace Instr.Cli.Tests.Ui;

public class ResultMessagesTests
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";

    [Fact]
    public void One_patched_method_is_named_with_its_notes()
    {
        var response = new PatchResponse { Patched = { new PatchedMethod { Name = FuncA1, Notes = { "inlined into 1 caller" } } } };
        Assert.Equal($"patched {FuncA1} (inlined into 1 caller)", ResultMessages.Patched("x", response));
    }

    [Fact]
    public void A_partial_patch_says_so_with_its_reason_before_the_other_notes()
    {
        var response = new PatchResponse
        {
            Patched = { new PatchedMethod { Name = FuncA1, Notes = { "1 body patched", "a frame runs old code" }, Coverage = Coverage.Partial, CoverageReason = "a frame runs old code" } },
        };
        Assert.Equal($"patched {FuncA1} — partial coverage: a frame runs old code (1 body patched)", ResultMessages.Patched("x", response));

        var several = new PatchResponse { Patched = { new PatchedMethod { Name = "A.B:C()", Coverage = Coverage.Partial, CoverageReason = "r" }, new PatchedMethod { Name = "A.B:D()", Coverage = Coverage.Complete } } };
        Assert.Equal("patched 2 methods matching A.B:* (1 with partial coverage)", ResultMessages.Patched("A.B:*", several));
    }

    [Fact]
    public void Several_patched_methods_are_counted_and_skips_explained()
    {
        var response = new PatchResponse
        {
            Patched = { new PatchedMethod { Name = "A.B:C()" }, new PatchedMethod { Name = "A.B:D()" } },
            Skipped =
            {
                new SkippedMethod { Name = "A.B:E()", Reason = "abstract method" },
                new SkippedMethod { Name = "A.B:F()", Reason = "extern method" },
            },
        };

        Assert.Equal("patched 2 methods matching A.B:*; refused 2: B:E() — abstract method (+1 more)", ResultMessages.Patched("A.B:*", response));
    }

    [Fact]
    public void Unpatch_reports_the_final_count()
    {
        var response = new UnpatchResponse { Unpatched = { new UnpatchedMethod { Name = FuncA1, Calls = 120 } } };
        Assert.Equal($"unpatched {FuncA1} after 120 calls", ResultMessages.Unpatched(response));
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument, "patch", "bad pattern \"p\": unbalanced parenthesis")]
    [InlineData(StatusCode.NotFound, "patch", "no method matches \"p\"")]
    [InlineData(StatusCode.NotFound, "unpatch", "no patched method matches \"p\"")]
    [InlineData(StatusCode.Unimplemented, "patch", "the agent does not support patch yet")]
    [InlineData(StatusCode.Unavailable, "unpatch", "the agent is unreachable (unpatch not done)")]
    [InlineData(StatusCode.Internal, "patch", "patch failed: unbalanced parenthesis")]
    public void Rpc_errors_become_one_line(StatusCode code, string action, string expected)
    {
        var error = new RpcException(new Status(code, "unbalanced parenthesis"));
        Assert.Equal(expected, ResultMessages.Failed(action, "p", error));
    }

    [Fact]
    public void Refusal_reasons_come_from_the_binary_trailer()
    {
        var refused = new PatchResponse { Skipped = { new SkippedMethod { Name = "N.T:Run()", Reason = "extern (P/Invoke) method" } } };
        var trailers = new Metadata { { "instr-patch-response-bin", refused.ToByteArray() } };
        var error = new RpcException(new Status(StatusCode.FailedPrecondition, "every match was refused"), trailers);

        Assert.Equal("nothing patched for \"N.T:*\": refused 1: T:Run() — extern (P/Invoke) method", ResultMessages.Failed("patch", "N.T:*", error));
        Assert.Equal("N.T:Run()", ResultMessages.RefusedResponse(error)!.Skipped[0].Name);
    }

    [Fact]
    public void Refusal_without_trailer_uses_the_status_detail()
    {
        var error = new RpcException(new Status(StatusCode.FailedPrecondition, "every match was refused"));
        Assert.Equal("refused: every match was refused", ResultMessages.Failed("patch", "p", error));
        Assert.Null(ResultMessages.RefusedResponse(error));
    }

    [Fact]
    public void Very_long_patterns_are_shortened_in_messages()
    {
        var pattern = new string('x', 100_000);
        var message = ResultMessages.Failed("patch", pattern, new RpcException(new Status(StatusCode.NotFound, "")));
        Assert.True(message.Length < 120, message);
    }
}

using Instr.Cli.Commands;
using Instr.Cli.Tests.Support;

namespace Instr.Cli.Tests.Commands;

public sealed class CommandRunnerTests
{
    [Fact]
    public async Task InstrException_gives_its_exit_code_and_one_line()
    {
        var console = new CapturedConsole();
        var exit = await CommandRunner.RunAsync(console.Console, verbose: false, CancellationToken.None,
            () => throw new InstrException(ExitCode.NoMatch, "no method matches 'X'"));
        Assert.Equal(3, exit);
        Assert.Equal(["instr: no method matches 'X'"], console.ErrorLines);
    }

    [Fact]
    public async Task Unexpected_exceptions_are_exit_1_with_one_line_and_no_stack_trace()
    {
        var console = new CapturedConsole();
        var exit = await CommandRunner.RunAsync(console.Console, verbose: false, CancellationToken.None,
            () => throw new InvalidOperationException("boom\nsecond line"));
        Assert.Equal(1, exit);
        var line = Assert.Single(console.ErrorLines);
        Assert.Equal("instr: unexpected error: InvalidOperationException: boom second line (use --verbose for details)", line);
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace()
    {
        var console = new CapturedConsole();
        var exit = await CommandRunner.RunAsync(console.Console, verbose: true, CancellationToken.None,
            () => throw new InvalidOperationException("boom"));
        Assert.Equal(1, exit);
        Assert.Contains("   at ", console.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_by_ctrl_c_is_exit_130_silently()
    {
        using var cts = new CancellationTokenSource();
        var console = new CapturedConsole();
        var exit = await CommandRunner.RunAsync(console.Console, verbose: false, cts.Token, async () =>
        {
            await cts.CancelAsync();
            cts.Token.ThrowIfCancellationRequested();
            return ExitCode.Ok;
        });
        Assert.Equal(130, exit);
        Assert.Empty(console.Error.ToString());
    }

    [Theory]
    [InlineData("unavailable")]
    [InlineData("internal")]
    [InlineData("io")]
    [InlineData("disposed")]
    public async Task After_ctrl_c_whatever_the_torn_down_call_throws_is_exit_130_silently(string failure)
    {
        using var cts = new CancellationTokenSource();
        var console = new CapturedConsole();
        var exit = await CommandRunner.RunAsync(console.Console, verbose: false, cts.Token, async () =>
        {
            await cts.CancelAsync();
            throw failure switch
            {
                "unavailable" => new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "Error reading next message")),
                "internal" => new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Internal, "stream reset")),
                "io" => new IOException("The request was aborted."),
                _ => new ObjectDisposedException("GrpcChannel"),
            };
        });
        Assert.Equal(130, exit);
        Assert.Empty(console.Error.ToString());
    }

    [Fact]
    public async Task A_cancellation_nobody_asked_for_is_an_unexpected_error()
    {
        var console = new CapturedConsole();
        var exit = await CommandRunner.RunAsync(console.Console, verbose: false, CancellationToken.None,
            () => throw new OperationCanceledException());
        Assert.Equal(1, exit);
    }
}

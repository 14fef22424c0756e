using CsCheck;
using Grpc.Core;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Instr.IntegrationTests.Safety;

/// <summary>
/// 10,000 random and mutated requests (CsCheck) straight to a live agent over gRPC, in SampleTarget running its loop:
/// every answer is OK or a proper status (never INTERNAL, UNKNOWN or a dropped connection), the app keeps running,
/// and afterwards its counts are still exact (a patch of FuncA1 counts exactly the calls SampleTarget made).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Requests = 10_000;
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";

    [Fact]
    public async Task Ten_thousand_hostile_requests_get_proper_answers_and_the_app_stays_correct()
    {
        using var session = await SampleTargetSession.StartPausedAsync(rate: 200);
        session.Resume();
        var socket = await session.Sandbox.WaitForAgentSocketAsync(session.App);
        using var agent = new AgentChannel(socket);
        var answers = new Dictionary<StatusCode, int>();

        await FuzzRequest.Any.SampleAsync(async request =>
        {
            var status = StatusCode.OK;
            try
            {
                await request.Send(agent.Client, DateTime.UtcNow.AddSeconds(60));
            }
            catch (RpcException e)
            {
                status = e.StatusCode;
                Assert.True(FuzzRequest.IsProperRefusal(status), $"{request} got {status}: {e.Status.Detail}");
            }

            answers[status] = answers.GetValueOrDefault(status) + 1;
            Assert.False(session.App.HasExited, $"SampleTarget exited after {request}: {session.App.StandardError}");
        }, iter: Requests, threads: 1, print: r => r.ToString());

        output.WriteLine(string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}")));
        Assert.Equal(Requests, answers.Values.Sum());

        // The app still works and its counts are still exact.
        await session.PauseAsync();
        var unpatch = await session.InstrAsync("unpatch", "-p", session.Pid, "--all");
        Assert.True(unpatch.ExitCode is 0 or 3, unpatch.ToString());
        Assert.Equal(0, (await session.InstrAsync("patch", "-p", session.Pid, "SampleTarget.Modules.ModuleA:FuncA1")).ExitCode);
        using var before = await session.WatchOnceAsync();
        session.Resume();
        await Task.Delay(500);
        await session.PauseAsync();
        using var after = await session.WatchOnceAsync();
        var made = WatchSnapshotReader.GroundTruth(after, FuncA1) - WatchSnapshotReader.GroundTruth(before, FuncA1);
        Assert.True(made > 0, "SampleTarget made no call of FuncA1 after the fuzz run");
        Assert.Equal(made, WatchSnapshotReader.HookCount(after, FuncA1)?.Calls);
        Assert.False(session.App.HasExited);
    }
}

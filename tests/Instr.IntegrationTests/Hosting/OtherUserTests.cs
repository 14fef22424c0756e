using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>
/// A second OS user cannot talk to the agent: the 0700 directory stops it (EACCES), and with the permissions opened
/// on purpose the SO_PEERCRED check still closes its connection. The other way round too: an agent running as that
/// user refuses root (whom file permissions do not stop). Each refusal has a positive control (the owner's probe is
/// answered), so the probe cannot pass by being broken.
/// </summary>
public sealed class OtherUserTests
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Another_user_is_refused_by_the_directory_and_then_by_the_peer_uid_check()
    {
        RequireOtherUser();
        using var sandbox = new TestSandbox();

        var run = await ControlledRun.RunAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), withAgent: true, whileRunning: async (_, socket) =>
        {
            Assert.Equal(Http2Probe.Answered, await Http2Probe.ProbeAsync(socket, ProbeTimeout));

            Assert.Equal(Http2Probe.ConnectFailedPrefix + "AccessDenied", await ProbeRunner.ProbeAsUserAsync(sandbox, OtherUser.Name, socket));

            File.SetUnixFileMode(sandbox.SocketDirectory, (UnixFileMode)0b111_111_111);
            File.SetUnixFileMode(socket, (UnixFileMode)0b110_110_110);
            Assert.Equal(Http2Probe.Closed, await ProbeRunner.ProbeAsUserAsync(sandbox, OtherUser.Name, socket));

            Assert.Equal(Http2Probe.Answered, await Http2Probe.ProbeAsync(socket, ProbeTimeout));
        });

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task An_agent_running_as_another_user_refuses_root()
    {
        var uid = RequireOtherUser();
        // $TMPDIR/instr-{uid}: a world-writable TMPDIR where the other user can create its own socket directory.
        using var sandbox = new TestSandbox { UseXdgRuntimeDir = false };
        // The other user must be able to read the app and the agent wherever the repository is checked out.
        var app = WorldReadableCopy.OfFileDirectory(sandbox, RepoLayout.TestApp("PlainConsoleApp"));
        sandbox.ExtraEnvironment["DOTNET_STARTUP_HOOKS"] = WorldReadableCopy.OfFileDirectory(sandbox, RepoLayout.StartupHook);

        var run = await ControlledRun.RunAsync(sandbox, app, withAgent: true, runAsUser: OtherUser.Name, runAsUid: uid,
            whileRunning: async (_, socket) =>
            {
                Assert.Equal(sandbox.SocketDirectoryFor(uid), Path.GetDirectoryName(socket));
                Assert.Equal(Http2Probe.Answered, await ProbeRunner.ProbeAsUserAsync(sandbox, OtherUser.Name, socket));

                Assert.Equal(Http2Probe.Closed, await Http2Probe.ProbeAsync(socket, ProbeTimeout));
            });

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(run.AgentSocket), "the other user's agent left its socket behind");
    }

    private static uint RequireOtherUser()
    {
        var uid = OtherUser.TryEnsure(out var problem);
        Assert.True(uid is not null, $"cannot test a second OS user here: {problem}");
        return uid!.Value;
    }
}

using System.Globalization;
using System.Net.Sockets;
using Instr.IntegrationTests.Hosting;
using Instr.IntegrationTests.Infrastructure;
using Instr.Shared;
using Xunit.Abstractions;

namespace Instr.IntegrationTests.Safety;

/// <summary>
/// Faults around the agent that the app must not feel: its socket directory cannot be written, its socket name is
/// taken by another live process, one of its files is missing or corrupt. Each time the app runs as without the agent
/// (same stdout bytes, same exit code) with at most one extra stderr line, "instr agent: reason". (A path too long, a
/// symlinked or foreign directory, a hook alone, an unserved runtime and INSTR_DISABLE=1 are in Hosting/.)
/// </summary>
public sealed class AgentFaultTests(ITestOutputHelper output)
{
    private const UnixFileMode ReadAndEnterOnly = UnixFileMode.UserRead | UnixFileMode.UserExecute;

    /// <summary>The agent's own socket directory exists with the right owner but no write permission (root would write
    /// anyway, so the app runs as a second user).</summary>
    [Fact]
    public async Task A_socket_directory_the_app_cannot_write_is_one_line()
    {
        var (sandbox, user) = OtherUserSandbox();
        using (sandbox)
        {
            var socketDirectory = sandbox.SocketDirectoryFor(user.Uid);
            Directory.CreateDirectory(socketDirectory);
            Chown(socketDirectory, user.Uid);
            File.SetUnixFileMode(socketDirectory, ReadAndEnterOnly);

            var line = await AssertAtMostOneLineAsync(sandbox, user.App, runAsUser: OtherUser.Name);

            Assert.NotNull(line);
            Assert.Contains(socketDirectory, line, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(socketDirectory));
        }
    }

    /// <summary>Where the socket directory would be created, the app may not create anything.</summary>
    [Fact]
    public async Task A_runtime_directory_where_the_socket_directory_cannot_be_created_is_one_line()
    {
        var (sandbox, user) = OtherUserSandbox();
        using (sandbox)
        {
            var line = await AssertAtMostOneLineAsync(sandbox, user.App, runAsUser: OtherUser.Name);

            Assert.NotNull(line);
            Assert.Contains($"cannot create the socket directory {sandbox.SocketDirectoryFor(user.Uid)}", line, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Another live process listens on the very names the agent will use (its published and its hidden binding name).
    /// They are derived from the app's pid and start time, in a directory only this user may write, so they cannot be
    /// anyone's but a leftover or a mistake of this user: the agent takes them over and serves, the app runs as ever.
    /// </summary>
    [Fact]
    public async Task A_socket_name_taken_by_another_live_process_is_taken_over_and_the_app_runs_as_ever()
    {
        using var sandbox = new TestSandbox();
        var dll = RepoLayout.TestApp("PlainConsoleApp");
        var baseline = await ControlledRun.RunAsync(sandbox, dll, withAgent: false);
        var go = Path.Combine(sandbox.Root, "go");
        var release = Path.Combine(sandbox.Root, "release");
        var log = Path.Combine(sandbox.Root, "agent.log");
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;
        // A shell that waits for the go file and then execs the app: same pid, same start time, so the names are known first.
        var app = sandbox.Start("/bin/sh", ["-c", "while [ ! -e \"$0\" ]; do sleep 0.02; done; exec \"$@\"", go, RepoLayout.DotnetHost, dll, "--wait-file", release], withAgent: true);
        await Poll.UntilAsync(() => AgentSocketPaths.ReadStartTime(app.Pid) is not null, TimeSpan.FromSeconds(30), () => "no start time in /proc");
        var socket = Path.Combine(sandbox.SocketDirectory, AgentSocketPaths.FileName(app.Pid, AgentSocketPaths.ReadStartTime(app.Pid)!.Value));
        Directory.CreateDirectory(sandbox.SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var squatter = Listen(socket);
        using var hiddenSquatter = Listen(Path.Combine(sandbox.SocketDirectory, "." + Path.GetFileName(socket)));
        await File.WriteAllTextAsync(go, "");

        await app.WaitForOutputAsync("ready\n");
        // The squatter's file has the name already: wait for the agent to say it listens, not for the name.
        await Poll.UntilAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("listening on " + socket, StringComparison.Ordinal), TimeSpan.FromSeconds(30),
            () => $"the agent did not start\n--- stderr\n{app.StandardError}\n--- log\n{(File.Exists(log) ? File.ReadAllText(log) : "(none)")}");
        Assert.False(File.Exists(Path.Combine(sandbox.SocketDirectory, "." + Path.GetFileName(socket))), "the hidden name is still there");
        await AgentSocketTests.AssertPrivateSocketAnswersAsync(sandbox, app, socket);
        await File.WriteAllTextAsync(release, "");
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(baseline.ExitCode, exitCode);
        Assert.Equal(baseline.StandardOutputBytes, app.StandardOutputBytes);
        Assert.Equal(baseline.StandardError, app.StandardError);
        Assert.False(File.Exists(socket), "socket left behind at exit");
    }

    /// <summary>A copy of the agent with one of its files deleted or cut short.</summary>
    [Theory]
    [InlineData("Grpc.AspNetCore.Server.dll", "delete", "Grpc.AspNetCore.Server")]
    [InlineData("Google.Protobuf.dll", "truncate", "Google.Protobuf")]
    [InlineData("Instr.Patching.dll", "truncate", "Instr.Patching")]
    [InlineData("libinstr_native.so", "truncate", "libinstr_native.so is damaged")]
    [InlineData("Instr.Agent.dll", "truncate", "Instr.Agent")]
    public async Task An_agent_file_missing_or_corrupt_costs_the_app_one_line(string file, string damage, string named)
    {
        using var sandbox = new TestSandbox();
        var agentCopy = Path.Combine(sandbox.Root, "agent");
        CopyDirectory(RepoLayout.AgentDirectory, agentCopy);
        var victim = Path.Combine(RepoLayout.AgentBuildIn(agentCopy), file);
        Assert.True(File.Exists(victim), $"{victim} is not part of the agent any more");
        if (damage == "delete")
        {
            File.Delete(victim);
        }
        else
        {
            var bytes = await File.ReadAllBytesAsync(victim);
            await File.WriteAllBytesAsync(victim, bytes[..(bytes.Length / 3)]);
        }

        sandbox.ExtraEnvironment["DOTNET_STARTUP_HOOKS"] = Path.Combine(agentCopy, "Instr.StartupHook.dll");

        var line = await AssertAtMostOneLineAsync(sandbox, RepoLayout.TestApp("PlainConsoleApp"), runAsUser: null);

        output.WriteLine(line ?? "(no line)");
        Assert.NotNull(line);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the app without and with the hook until it has said "ready" and the agent had its chance (its socket, or
    /// its one line); same stdout bytes and exit code; returns the extra stderr line or null when there is none.
    /// </summary>
    private static async Task<string?> AssertAtMostOneLineAsync(TestSandbox sandbox, string dll, string? runAsUser)
    {
        var baseline = await ControlledRun.RunAsync(sandbox, dll, withAgent: false, runAsUser: runAsUser);
        // In the sandbox's TMPDIR (1777), where a second user may write it too.
        var log = Path.Combine(sandbox.TempDirectory, $"agent-{Guid.NewGuid():N}.log");
        sandbox.ExtraEnvironment["INSTR_LOG"] = log;
        var release = Path.Combine(sandbox.Root, $"release-{Guid.NewGuid():N}");
        var app = sandbox.Start(RepoLayout.DotnetHost, [dll, "--wait-file", release], withAgent: true, runAsUser);
        await app.WaitForOutputAsync("ready\n");
        // The agent's start ends either way: its log says it listens, or its line on stderr says why not (the line
        // comes after the log's entry, so the log alone would release the app too early to see it).
        await Poll.UntilAsync(() => app.StandardError.Contains("instr agent: ", StringComparison.Ordinal) || (File.Exists(log) && File.ReadAllText(log).Contains("listening on", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), () => $"the agent neither started nor failed\n--- stderr\n{app.StandardError}\n--- log\n{(File.Exists(log) ? File.ReadAllText(log) : "(none)")}");
        await File.WriteAllTextAsync(release, "");
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(baseline.ExitCode, exitCode);
        Assert.Equal(baseline.StandardOutputBytes, app.StandardOutputBytes);
        if (app.StandardError == baseline.StandardError)
        {
            return null;
        }

        var line = ExtraLines.Single(baseline.StandardError, app.StandardError);
        Assert.StartsWith("instr agent: ", line, StringComparison.Ordinal);
        return line;
    }

    /// <summary>A sandbox for an app running as the second user, with world-readable copies of the app and the agent,
    /// and an XDG_RUNTIME_DIR the second user may enter but not write (root-owned 0755).</summary>
    private static (TestSandbox Sandbox, (uint Uid, string App) User) OtherUserSandbox()
    {
        var uid = OtherUser.TryEnsure(out var problem);
        Assert.True(uid is not null, $"cannot test a directory the app may not write here: {problem}");
        var sandbox = new TestSandbox();
        var app = WorldReadableCopy.OfFileDirectory(sandbox, RepoLayout.TestApp("PlainConsoleApp"));
        sandbox.ExtraEnvironment["DOTNET_STARTUP_HOOKS"] = WorldReadableCopy.OfFileDirectory(sandbox, RepoLayout.StartupHook);
        return (sandbox, (uid.Value, app));
    }

    private static Socket Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();
        return socket;
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }

    private static void Chown(string path, uint uid)
    {
        using var chown = ChildProcess.Start("chown", [uid.ToString(CultureInfo.InvariantCulture), path], new Dictionary<string, string?> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") }, "/");
        Assert.Equal(0, chown.WaitForExitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult());
    }
}

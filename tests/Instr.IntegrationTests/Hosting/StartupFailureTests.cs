using System.Globalization;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>
/// When the agent cannot start, the app says exactly one extra line on stderr ("instr agent: reason") and otherwise
/// runs exactly as without the agent.
/// </summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task Socket_path_longer_than_the_OS_allows_is_one_clear_line()
    {
        using var sandbox = new TestSandbox();
        var longDirectory = Path.Combine(sandbox.Root, new string('d', 60), new string('e', 60));
        Directory.CreateDirectory(longDirectory);
        sandbox.ExtraEnvironment["XDG_RUNTIME_DIR"] = longDirectory;

        var line = await AssertOneLineFailureAsync(sandbox);

        Assert.Contains("bytes, longer than the", line, StringComparison.Ordinal);
        Assert.Contains(longDirectory, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Socket_directory_that_is_a_symbolic_link_is_refused()
    {
        using var sandbox = new TestSandbox();
        var elsewhere = Directory.CreateDirectory(Path.Combine(sandbox.Root, "elsewhere"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(sandbox.SocketDirectory, elsewhere.FullName);

        var line = await AssertOneLineFailureAsync(sandbox);

        Assert.Contains("symbolic link", line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere.FullName));
    }

    [Fact]
    public async Task Socket_directory_owned_by_another_user_is_refused()
    {
        var uid = OtherUser.TryEnsure(out var problem);
        if (uid is null)
        {
            Assert.Fail($"cannot test a foreign socket directory: {problem}");
        }

        using var sandbox = new TestSandbox();
        Directory.CreateDirectory(sandbox.SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Chown(sandbox.SocketDirectory, uid.Value);

        var line = await AssertOneLineFailureAsync(sandbox);

        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"belongs to uid {uid.Value}"), line, StringComparison.Ordinal);
    }

    private static async Task<string> AssertOneLineFailureAsync(TestSandbox sandbox)
    {
        var dll = RepoLayout.TestApp("PlainConsoleApp");
        var baseline = await ControlledRun.RunAsync(sandbox, dll, withAgent: false);

        var release = Path.Combine(sandbox.Root, "release");
        var app = sandbox.StartApp(dll, withAgent: true, "--wait-file", release);
        await Poll.UntilAsync(() => app.StandardError.Contains("instr agent: ", StringComparison.Ordinal), TimeSpan.FromSeconds(30),
            () => $"no 'instr agent:' line on stderr\n--- stderr\n{app.StandardError}");
        await File.WriteAllTextAsync(release, "");
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(baseline.ExitCode, exitCode);
        Assert.Equal(baseline.StandardOutputBytes, app.StandardOutputBytes);
        var line = ExtraLines.Single(baseline.StandardError, app.StandardError);
        Assert.StartsWith("instr agent: ", line, StringComparison.Ordinal);
        return line;
    }

    private static void Chown(string path, uint uid)
    {
        using var chown = ChildProcess.Start("chown", [uid.ToString(CultureInfo.InvariantCulture), path], new Dictionary<string, string?> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") }, "/");
        Assert.Equal(0, chown.WaitForExitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult());
    }
}

using System.Globalization;

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// A private world for one test: its own TMPDIR and XDG_RUNTIME_DIR (so agents started by other tests are invisible
/// and the socket directory starts empty), the environment every child process gets, and the children themselves,
/// which are killed when the sandbox is disposed.
/// </summary>
public sealed class TestSandbox : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private string? _readableInstr;

    public TestSandbox()
    {
        // Short path on purpose (a Unix socket path must stay below 108 bytes), and under /tmp rather than the test
        // runner's own TMPDIR, which may be private: the second-user tests need to traverse it.
        Root = Path.Combine(Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath(), "instr-it-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
        // Traversable by other users so that permission tests fail on the agent's own 0700 directory, not on ours.
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        TempDirectory = Directory.CreateDirectory(Path.Combine(Root, "tmp")).FullName;
        RuntimeDirectory = Directory.CreateDirectory(Path.Combine(Root, "run")).FullName;
        File.SetUnixFileMode(TempDirectory, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
        File.SetUnixFileMode(RuntimeDirectory, (UnixFileMode)0b111_101_101);
    }

    /// <summary>The sandbox's own directory (deleted at dispose).</summary>
    public string Root { get; }

    /// <summary>TMPDIR of every child.</summary>
    public string TempDirectory { get; }

    /// <summary>XDG_RUNTIME_DIR of every child (unless <see cref="UseXdgRuntimeDir"/> is false).</summary>
    public string RuntimeDirectory { get; }

    /// <summary>When false, children get no XDG_RUNTIME_DIR and agents use $TMPDIR/instr-{uid}.</summary>
    public bool UseXdgRuntimeDir { get; set; } = true;

    /// <summary>Extra variables for every child started after they are set (null removes a variable).</summary>
    public Dictionary<string, string?> ExtraEnvironment { get; } = new(StringComparer.Ordinal);

    /// <summary>Where agents started in this sandbox (as root/the current user) put their sockets.</summary>
    public string SocketDirectory => SocketDirectoryFor(uid: null);

    /// <summary>The socket directory an agent running as <paramref name="uid"/> uses in this sandbox.</summary>
    public string SocketDirectoryFor(uint? uid) =>
        UseXdgRuntimeDir
            ? Path.Combine(RuntimeDirectory, "instr")
            : Path.Combine(TempDirectory, "instr-" + (uid ?? Instr.Shared.AgentSocketPaths.CurrentUid()).ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The environment for a child: the test runner's own minus anything that would leak an agent or instr setting
    /// into it, plus the sandbox directories and <see cref="ExtraEnvironment"/>, plus the agent hook when
    /// <paramref name="withAgent"/> (an ExtraEnvironment DOTNET_STARTUP_HOOKS replaces it; without the agent there is none).
    /// </summary>
    public Dictionary<string, string?> Environment(bool withAgent)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!IsLeaky(name))
            {
                env[name] = (string?)entry.Value;
            }
        }

        env["TMPDIR"] = TempDirectory;
        env["XDG_RUNTIME_DIR"] = UseXdgRuntimeDir ? RuntimeDirectory : null;
        env["DOTNET_STARTUP_HOOKS"] = withAgent ? RepoLayout.StartupHook : null;
        foreach (var (name, value) in ExtraEnvironment)
        {
            env[name] = value;
        }

        if (!withAgent)
        {
            // "Without the agent" means it, even when a test put its own hook into ExtraEnvironment.
            env["DOTNET_STARTUP_HOOKS"] = null;
        }

        return env;
    }

    /// <summary>Starts a test app (see <see cref="AppRuntime"/>) on the given runtime in this sandbox; killed at dispose.</summary>
    public ChildProcess StartOn(string runtime, string app, bool withAgent, params string[] args)
    {
        var (fileName, leading) = AppRuntime.Launch(runtime, app);
        return Start(fileName, [.. leading, .. args], withAgent);
    }

    /// <summary>Starts `dotnet <paramref name="dll"/> args...` in this sandbox; killed at dispose.</summary>
    public ChildProcess StartApp(string dll, bool withAgent, params string[] args) =>
        Start(RepoLayout.DotnetHost, [dll, .. args], withAgent);

    /// <summary>
    /// Starts any executable in this sandbox (working directory: the sandbox root unless given; as another OS user
    /// when <paramref name="runAsUser"/> is set); killed at dispose.
    /// </summary>
    public ChildProcess Start(string fileName, IReadOnlyList<string> args, bool withAgent, string? runAsUser = null, string? workingDirectory = null)
    {
        var child = ChildProcess.Start(fileName, args, Environment(withAgent), workingDirectory ?? Root, runAsUser);
        _owned.Add(child);
        return child;
    }

    /// <summary>Runs `instr args...` with this sandbox's environment (no agent hook) and waits for it.</summary>
    public Task<CommandResult> RunInstrAsync(params string[] args) => RunInstrAsync(args, TimeSpan.FromSeconds(60));

    public async Task<CommandResult> RunInstrAsync(IReadOnlyList<string> args, TimeSpan timeout, string? runAsUser = null)
    {
        // Another user may not be able to read the checkout (a CI clone under /root): give it its own readable copy.
        var executable = runAsUser is null ? RepoLayout.InstrExecutable : _readableInstr ??= WorldReadableCopy.OfFileDirectory(this, RepoLayout.InstrExecutable);
        using var cli = ChildProcess.Start(executable, args, Environment(withAgent: false), Root, runAsUser);
        var exitCode = await cli.WaitForExitAsync(timeout);
        return new CommandResult(exitCode, cli.StandardOutput, cli.StandardError);
    }

    /// <summary>Waits (bounded) until the agent of <paramref name="app"/> has its socket in the socket directory.</summary>
    public Task<string> WaitForAgentSocketAsync(ChildProcess app, TimeSpan? timeout = null, uint? uid = null) =>
        AgentSockets.WaitForSocketAsync(SocketDirectoryFor(uid), app, timeout ?? TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        foreach (var child in _owned)
        {
            child.Dispose();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child that outlived its kill may still hold a file; the OS temp cleaner gets the rest.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool IsLeaky(string name) =>
        name.StartsWith("INSTR_", StringComparison.Ordinal)
        || name is "DOTNET_STARTUP_HOOKS" or "TMPDIR" or "XDG_RUNTIME_DIR"
        // The test host's own diagnostics/profiler settings must not change how the apps under test behave.
        || name.StartsWith("CORECLR_", StringComparison.Ordinal)
        || name.StartsWith("COR_", StringComparison.Ordinal)
        || name is "DOTNET_DiagnosticPorts";
}

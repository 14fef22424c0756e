using System.Diagnostics;
using System.Globalization;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Ui;

/// <summary>
/// A private tmux server (own socket, no config) with one detached pane of fixed size running a command: the test's
/// terminal. Keys go in with send-keys, the screen comes out with capture-pane. Every read must be polled (a capture
/// can land mid-redraw, see ui-notes.md). Dispose kills the server and deletes its socket (tmux 3.3a leaves it).
/// </summary>
public sealed class TmuxSession : IDisposable
{
    public const string ExitMarker = "[pane command exited ";
    private const string Target = "ui";

    private readonly string _socket;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private string _sttyBefore = "";
    private string _sttyAfter = "";

    private TmuxSession(string socket, IReadOnlyDictionary<string, string?> environment)
    {
        _socket = socket;
        _environment = environment;
    }

    public static bool IsAvailable => Which("tmux") is not null;

    /// <summary>
    /// Starts the server and a <paramref name="width"/>×<paramref name="height"/> pane running
    /// <paramref name="command"/> under sh. The pane prints <see cref="ExitMarker"/> + exit code + "]" when the command ends
    /// and stays open, so the screen after exit and the exit code can both be read; `stty -g` is recorded before and
    /// after the command.
    /// </summary>
    public static TmuxSession Start(
        string directory,
        IReadOnlyDictionary<string, string?> environment,
        IReadOnlyList<string> command,
        int width = 120,
        int height = 30)
    {
        var session = new TmuxSession(Path.Combine(directory, "tmux.sock"), environment)
        {
            _sttyBefore = Path.Combine(directory, "stty.before"),
            _sttyAfter = Path.Combine(directory, "stty.after"),
        };

        // The terminal settings are recorded around the command, so a test can check that it restored them.
        var script = $"stty -g > {ShellQuote(session._sttyBefore)}; "
            + string.Join(' ', command.Select(ShellQuote))
            + $"; rc=$?; stty -g > {ShellQuote(session._sttyAfter)}; echo \"{ExitMarker}$rc]\"; exec sleep 3600";
        var args = new List<string>
        {
            "new-session", "-d", "-s", Target,
            "-x", width.ToString(CultureInfo.InvariantCulture), "-y", height.ToString(CultureInfo.InvariantCulture),
            "-c", directory,
        };

        // The pane's environment must match the app's (TMPDIR/XDG_RUNTIME_DIR decide where instr looks for sockets).
        foreach (var name in new[] { "TMPDIR", "XDG_RUNTIME_DIR", "PATH", "HOME", "DOTNET_ROOT" })
        {
            if (environment.TryGetValue(name, out var value) && value is not null)
            {
                args.Add("-e");
                args.Add($"{name}={value}");
            }
        }

        args.Add("sh");
        args.Add("-c");
        args.Add(script);
        session.Run(args);
        return session;
    }

    /// <summary>`stty -g` of the pane before and after the command (read once the command has exited).</summary>
    public (string Before, string After) TerminalSettings() =>
        (File.ReadAllText(_sttyBefore).Trim(), File.ReadAllText(_sttyAfter).Trim());

    /// <summary>The visible screen as plain text (no colours).</summary>
    public string Capture() => Run(["capture-pane", "-p", "-t", Target]);

    /// <summary>A tmux format of the pane, e.g. #{alternate_on}.</summary>
    public string PaneFormat(string format) => Run(["display-message", "-p", "-t", Target, format]).Trim();

    /// <summary>Types text literally (no key names interpreted).</summary>
    public void Type(string text) => Run(["send-keys", "-t", Target, "-l", text]);

    /// <summary>Presses named keys: "Enter", "Escape", "C-c", "q" …</summary>
    public void Press(params string[] keys) => Run(["send-keys", "-t", Target, .. keys]);

    /// <summary>Polls the screen until <paramref name="condition"/> holds; fails with the last screen.</summary>
    public async Task<string> WaitForScreenAsync(Func<string, bool> condition, string what, TimeSpan? timeout = null)
    {
        var screen = "";
        await Poll.UntilAsync(
            () => condition(screen = Capture()),
            timeout ?? TimeSpan.FromSeconds(60),
            () => $"the screen never showed {what}; last screen:\n{screen}");
        return screen;
    }

    /// <summary>Polls until the pane command has exited; returns its exit code.</summary>
    public async Task<int> WaitForExitCodeAsync(TimeSpan? timeout = null)
    {
        var screen = await WaitForScreenAsync(s => s.Contains(ExitMarker, StringComparison.Ordinal), "the command's exit", timeout);
        var start = screen.IndexOf(ExitMarker, StringComparison.Ordinal) + ExitMarker.Length;
        var end = screen.IndexOf(']', start);
        return int.Parse(screen[start..end], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        try
        {
            Run(["kill-server"]);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        File.Delete(_socket);
    }

    private string Run(IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-S", _socket, "-f", "/dev/null" }.Concat(args))
        {
            psi.ArgumentList.Add(arg);
        }

        // The server inherits this environment (so does the pane): the sandbox's, not the test runner's.
        psi.Environment.Clear();
        foreach (var (name, value) in _environment)
        {
            if (value is not null)
            {
                psi.Environment[name] = value;
            }
        }

        psi.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start tmux");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(15_000))
        {
            process.Kill();
            throw new TimeoutException($"tmux {string.Join(' ', args)} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result.Trim()}");
        }

        return output.Result;
    }

    private static string ShellQuote(string word) =>
        "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}

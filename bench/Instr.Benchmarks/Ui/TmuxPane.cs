using System.Diagnostics;
using System.Globalization;

namespace Instr.Benchmarks.Ui;

/// <summary>
/// A private tmux server (own socket, no config file) with one detached pane of fixed size running one command: the
/// terminal the ui benchmark types into (send-keys) and reads (capture-pane, plain text). Dispose kills the server
/// and deletes its socket, which tmux leaves behind.
/// </summary>
internal sealed class TmuxPane : IDisposable
{
    private const string Target = "bench";
    private readonly string _socket;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private TmuxPane(string socket, IReadOnlyDictionary<string, string> environment)
    {
        _socket = socket;
        _environment = environment;
    }

    public static bool IsInstalled =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "tmux")));

    /// <param name="environment">The whole environment of the server and the pane (the app's sandbox directories).</param>
    public static TmuxPane Start(string directory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> command, int width, int height)
    {
        var pane = new TmuxPane(Path.Combine(directory, "tmux.sock"), environment);
        var script = string.Join(' ', command.Select(word => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'")) + "; exec sleep 3600";
        List<string> args =
        [
            "new-session", "-d", "-s", Target,
            "-x", width.ToString(CultureInfo.InvariantCulture), "-y", height.ToString(CultureInfo.InvariantCulture), "-c", directory,
        ];
        foreach (var name in new[] { "TMPDIR", "XDG_RUNTIME_DIR", "PATH", "HOME", "DOTNET_ROOT" })
        {
            if (environment.TryGetValue(name, out var value))
            {
                args.AddRange(["-e", $"{name}={value}"]);
            }
        }

        args.AddRange(["sh", "-c", script]);
        pane.Run(args);
        return pane;
    }

    public string Capture() => Run(["capture-pane", "-p", "-t", Target]);

    /// <summary>Named keys ("Down", "NPage", "BSpace", "Enter") or single characters.</summary>
    public void Press(string key) => Run(["send-keys", "-t", Target, key]);

    /// <summary>Text typed literally.</summary>
    public void Type(string text) => Run(["send-keys", "-t", Target, "-l", text]);

    /// <summary>Polls the screen until <paramref name="condition"/> holds; returns it, or throws with the last screen.</summary>
    public string WaitFor(Func<string, bool> condition, string what, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        string screen;
        while (!condition(screen = Capture()))
        {
            if (clock.Elapsed > bound)
            {
                throw new InvalidOperationException($"the ui never showed {what} within {bound.TotalSeconds:0} s; last screen:\n{screen}");
            }

            Thread.Sleep(20);
        }

        return screen;
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

        psi.Environment.Clear();
        foreach (var (name, value) in _environment)
        {
            psi.Environment[name] = value;
        }

        psi.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start tmux");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(15_000))
        {
            process.Kill();
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} did not finish");
        }

        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result.Trim()}");
    }
}

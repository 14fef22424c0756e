using System.Diagnostics;
using System.Text;

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// A real child process with its stdout/stderr captured byte for byte (so "unchanged by the agent" can be checked
/// exactly), signals, bounded waits, and a guaranteed kill at dispose.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly OutputCapture _stdout;
    private readonly OutputCapture _stderr;

    private ChildProcess(Process process, string description)
    {
        _process = process;
        Description = description;
        _stdout = new OutputCapture(process.StandardOutput.BaseStream);
        _stderr = new OutputCapture(process.StandardError.BaseStream);
    }

    public int Pid => _process.Id;

    /// <summary>The command line, for assertion messages.</summary>
    public string Description { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the child wrote to stdout so far, as raw bytes.</summary>
    public byte[] StandardOutputBytes => _stdout.Bytes;

    public string StandardOutput => Encoding.UTF8.GetString(_stdout.Bytes);

    public string StandardError => Encoding.UTF8.GetString(_stderr.Bytes);

    /// <summary>
    /// Starts <paramref name="fileName"/> with exactly <paramref name="environment"/> (null values are removed).
    /// With <paramref name="runAsUser"/> the child runs as that OS user via setpriv (same pid, same environment).
    /// </summary>
    public static ChildProcess Start(
        string fileName,
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string?> environment,
        string workingDirectory,
        string? runAsUser = null)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };

        if (runAsUser is null)
        {
            psi.FileName = fileName;
        }
        else
        {
            psi.FileName = "setpriv";
            foreach (var arg in new[] { $"--reuid={runAsUser}", $"--regid={runAsUser}", "--clear-groups", "--", fileName })
            {
                psi.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            if (value is not null)
            {
                psi.Environment[name] = value;
            }
        }

        var description = (runAsUser is null ? "" : $"[as {runAsUser}] ") + fileName + " " + string.Join(' ', args);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {description}");
        return new ChildProcess(process, description);
    }

    /// <summary>Writes one line to the child's stdin (kept open until dispose), for apps that take commands there.</summary>
    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Sends a POSIX signal (see <see cref="Signals"/>).</summary>
    public bool Signal(int signal) => Signals.Send(Pid, signal);

    /// <summary>Waits for the exit and for all output to be read; fails the test if it takes longer than the bound.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_stdout.Completion, _stderr.Completion).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Description} did not exit within {timeout.TotalSeconds:0} s\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits (bounded) until stdout contains <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan? timeout = null) =>
        Poll.UntilAsync(() => StandardOutput.Contains(text, StringComparison.Ordinal), timeout ?? TimeSpan.FromSeconds(30),
            () => $"{Description} did not print '{text}'\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}",
            stopEarly: () => HasExited && !StandardOutput.Contains(text, StringComparison.Ordinal)
                ? $"{Description} exited with {_process.ExitCode} before printing '{text}'\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}"
                : null);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}

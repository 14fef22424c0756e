using System.Diagnostics;
using System.Text;
using Instr.Benchmarks.Startup;

namespace Instr.Benchmarks.Watch;

/// <summary>
/// One `instr watch -p PID --interval MS --json` process whose NDJSON lines are read as they come (only the count
/// and the latest line are kept); killed on dispose, as a user ends a watch with Ctrl+C.
/// </summary>
internal sealed class WatchStream : IDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _lines = new(0);
    private readonly Task _reader;
    private string? _latest;
    private int _count;

    private WatchStream(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadLines);
    }

    public int Pid => _process.Id;

    public int Count => Volatile.Read(ref _count);

    public string? Latest => Volatile.Read(ref _latest);

    /// <param name="runtimeDirectory">Another XDG_RUNTIME_DIR for the CLI (e.g. a <see cref="CountingRelay"/>'s), or null.</param>
    public static WatchStream Start(WatchLayout layout, StartupSandbox sandbox, int pid, int intervalMs, string? runtimeDirectory = null)
    {
        var psi = InstrProcess.StartInfo(layout, sandbox, "watch", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--interval", intervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        if (runtimeDirectory is not null)
        {
            psi.Environment["XDG_RUNTIME_DIR"] = runtimeDirectory;
        }

        return new(Process.Start(psi) ?? throw new InvalidOperationException("could not start instr watch"));
    }

    /// <summary>Waits until <paramref name="lines"/> lines have arrived in all.</summary>
    public void WaitForLines(int lines, TimeSpan bound)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        while (Count < lines)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero || !_lines.Wait(left))
            {
                throw new InvalidOperationException($"instr watch sent {Count} lines, waited for {lines}: {StderrIfExited()}");
            }
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }

        _reader.Wait(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _lines.Dispose();
    }

    private async Task ReadLines()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            Volatile.Write(ref _latest, line);
            Interlocked.Increment(ref _count);
            _lines.Release();
        }
    }

    private string StderrIfExited() =>
        _process.HasExited ? $"exit {_process.ExitCode}: {_process.StandardError.ReadToEnd().Trim()}" : "still running";

    /// <summary>Bytes of one NDJSON line as written (UTF-8, without its newline).</summary>
    public static int Bytes(string line) => Encoding.UTF8.GetByteCount(line);
}

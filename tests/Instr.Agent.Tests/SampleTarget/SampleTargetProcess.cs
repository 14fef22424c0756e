using System.Diagnostics;
using System.Text.Json;
using SampleTarget;

namespace Instr.Agent.Tests.SampleTarget;

/// <summary>The built SampleTarget.dll (copied next to the tests by the project reference) running as a child
/// process, with its stdout and stderr collected.</summary>
internal sealed class SampleTargetProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringWriterLines _stdout = new();
    private readonly StringWriterLines _stderr = new();

    private SampleTargetProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => _stdout.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _stderr.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public IReadOnlyList<string> StandardOutput => _stdout.Lines;

    public string StandardError => string.Join('\n', _stderr.Lines);

    public static SampleTargetProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Callables).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The app must run as a user would run it: no inherited agent.
        start.Environment.Remove("DOTNET_STARTUP_HOOKS");
        return new SampleTargetProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Waits for exit (bounded: a hung child fails the test instead of hanging the run).</summary>
    public int WaitForExit(int timeoutSeconds = 60)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            _process.Kill();
            throw new TimeoutException($"SampleTarget did not exit within {timeoutSeconds} s; stderr: {StandardError}");
        }

        _process.WaitForExit(); // flushes the asynchronous readers
        return _process.ExitCode;
    }

    /// <summary>The ground truth of the last stdout line: <c>{"calls":{...}}</c>.</summary>
    public Dictionary<string, long> Summary() => ParseSummary(StandardOutput[^1]);

    public static Dictionary<string, long> ParseSummary(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("calls").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
    }

    /// <summary>Sends a signal with kill(1), as a user would (no P/Invoke in the tests).</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with exit code {kill.ExitCode}");
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (bounded; the bound is a safety net, not an assertion on time).</summary>
    public void WaitUntil(Func<bool> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"SampleTarget exited ({_process.ExitCode}) while waiting for {what}; stderr: {StandardError}");
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(timeoutSeconds))
            {
                throw new TimeoutException($"gave up waiting for {what}");
            }

            Thread.Sleep(10);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private sealed class StringWriterLines
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }
}

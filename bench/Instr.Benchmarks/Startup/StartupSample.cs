using System.Diagnostics;
using System.Globalization;

namespace Instr.Benchmarks.Startup;

/// <summary>
/// One run of PlainConsoleApp: spawn → Main measured on the shared monotonic clock (the app prints
/// Stopwatch.GetTimestamp() first thing in Main), RSS once it is idle (with the agent: once the socket is up).
/// </summary>
internal sealed record StartupSample(double TimeToMainMs, double RssMb, double? SocketReadyMs)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <param name="withAgent">DOTNET_STARTUP_HOOKS = the agent.</param>
    /// <param name="disabled">With the hook but INSTR_DISABLE=1: the cost of any startup hook plus our first checks.</param>
    public static StartupSample Take(StartupLayout layout, StartupSandbox sandbox, bool withAgent, bool disabled = false)
    {
        var psi = new ProcessStartInfo(layout.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { layout.App, "--main-timestamp", "--ms", "600000" })
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("INSTR_", StringComparison.Ordinal)).ToArray())
        {
            psi.Environment.Remove(name);
        }

        psi.Environment["XDG_RUNTIME_DIR"] = sandbox.Root;
        psi.Environment["TMPDIR"] = sandbox.Root;
        psi.Environment.Remove("DOTNET_STARTUP_HOOKS");
        if (withAgent || disabled)
        {
            psi.Environment["DOTNET_STARTUP_HOOKS"] = layout.StartupHook;
        }

        if (disabled)
        {
            psi.Environment["INSTR_DISABLE"] = "1";
        }

        var spawned = Stopwatch.GetTimestamp();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start PlainConsoleApp");
        try
        {
            var first = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"PlainConsoleApp printed nothing: {process.StandardError.ReadToEnd()}");
            var atMain = long.Parse(first["main-timestamp ".Length..], CultureInfo.InvariantCulture);
            var timeToMain = Stopwatch.GetElapsedTime(spawned, atMain).TotalMilliseconds;

            double? socketReady = null;
            if (withAgent)
            {
                var socket = Path.Combine(sandbox.SocketDirectory, $"instr-{process.Id}-");
                var deadline = Stopwatch.GetTimestamp() + (long)(Bound.TotalSeconds * Stopwatch.Frequency);
                while (!Directory.Exists(sandbox.SocketDirectory) || !Directory.EnumerateFiles(sandbox.SocketDirectory).Any(f => f.StartsWith(socket, StringComparison.Ordinal)))
                {
                    if (Stopwatch.GetTimestamp() > deadline || process.HasExited)
                    {
                        throw new InvalidOperationException($"the agent socket did not appear: {process.StandardError.ReadToEnd()}");
                    }

                    Thread.Sleep(2);
                }

                socketReady = Stopwatch.GetElapsedTime(spawned).TotalMilliseconds;
            }

            Thread.Sleep(Settle);
            return new StartupSample(timeToMain, ResidentMegabytes(process.Id), socketReady);
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    private static double ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024.0;
    }
}

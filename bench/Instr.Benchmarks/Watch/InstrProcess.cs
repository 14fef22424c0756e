using System.Diagnostics;
using Instr.Benchmarks.Startup;

namespace Instr.Benchmarks.Watch;

/// <summary>Runs the built `instr` CLI inside the sandbox (so it finds the sandboxed app's agent socket).</summary>
internal static class InstrProcess
{
    public static ProcessStartInfo StartInfo(WatchLayout layout, StartupSandbox sandbox, params string[] args)
    {
        var psi = new ProcessStartInfo(layout.Instr)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        sandbox.Isolate(psi);
        return psi;
    }

    /// <summary>Runs `instr ARGS` to the end; <c>ElapsedMs</c> is spawn to exit (CLI start included).</summary>
    public static (int ExitCode, string Output, string Error, double ElapsedMs) Run(WatchLayout layout, StartupSandbox sandbox, params string[] args)
    {
        var psi = StartInfo(layout, sandbox, args);
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start instr");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult(), elapsed);
    }
}

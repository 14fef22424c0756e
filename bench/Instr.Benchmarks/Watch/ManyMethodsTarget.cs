using System.Diagnostics;
using System.Globalization;
using System.Text;
using Instr.Benchmarks.Startup;

namespace Instr.Benchmarks.Watch;

/// <summary>
/// tests/apps/ManyMethodsApp running with the agent in the sandbox: started, waited for (its "ready" line and the
/// agent's socket), and killed on dispose. Its stdin stays open (the app idles until it closes).
/// </summary>
internal sealed class ManyMethodsTarget : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ManyMethodsTarget(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    /// <summary>How many methods the app says it called before "ready" (the number of targets it has).</summary>
    public int MethodsCalled { get; private set; }

    /// <summary>The agent's socket (known once <see cref="Start"/> returns).</summary>
    public string SocketPath { get; private set; } = "";

    /// <param name="hot">How many targets a background thread of the app keeps calling (ManyMethodsApp --hot).</param>
    public static ManyMethodsTarget Start(WatchLayout layout, StartupSandbox sandbox, int hot = 0)
    {
        var psi = new ProcessStartInfo(layout.Dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(layout.App);
        if (hot > 0)
        {
            psi.ArgumentList.Add("--hot");
            psi.ArgumentList.Add(hot.ToString(CultureInfo.InvariantCulture));
        }

        sandbox.Isolate(psi);
        psi.Environment["DOTNET_STARTUP_HOOKS"] = layout.StartupHook;

        var target = new ManyMethodsTarget(Process.Start(psi) ?? throw new InvalidOperationException("could not start ManyMethodsApp"));
        try
        {
            target.WaitUntilReady(sandbox);
            return target;
        }
        catch
        {
            target.Dispose();
            throw;
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
            // Already gone.
        }

        _process.Dispose();
    }

    private void WaitUntilReady(StartupSandbox sandbox)
    {
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();

        // "ready: N methods called, checksum C"
        var ready = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"ManyMethodsApp printed nothing: {Stderr()}");
        MethodsCalled = int.Parse(ready.Split(' ')[1], CultureInfo.InvariantCulture);

        var prefix = $"instr-{Pid}-";
        var deadline = Stopwatch.GetTimestamp() + (long)(Bound.TotalSeconds * Stopwatch.Frequency);
        while (!Directory.Exists(sandbox.SocketDirectory) || !Directory.EnumerateFiles(sandbox.SocketDirectory, prefix + "*").Any())
        {
            if (Stopwatch.GetTimestamp() > deadline || _process.HasExited)
            {
                throw new InvalidOperationException($"the agent socket of ManyMethodsApp did not appear: {Stderr()}");
            }

            Thread.Sleep(20);
        }

        SocketPath = Directory.EnumerateFiles(sandbox.SocketDirectory, prefix + "*").First();
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString().Trim();
        }
    }
}

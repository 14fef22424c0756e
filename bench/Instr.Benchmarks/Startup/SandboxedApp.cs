using System.Diagnostics;
using System.Text;

namespace Instr.Benchmarks.Startup;

/// <summary>
/// A test app running with the agent in the sandbox: started, waited for (its first stdout line, the "ready" line,
/// and then the agent's socket), killed on dispose. Its stdin stays open (the apps idle until it closes); its stderr
/// is kept for the error message when it does not get ready.
/// </summary>
internal sealed class SandboxedApp : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private SandboxedApp(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    /// <summary>The app's first line of output.</summary>
    public string ReadyLine { get; private set; } = "";

    /// <summary>The agent's socket.</summary>
    public string SocketPath { get; private set; } = "";

    /// <param name="name">The app's name in error messages.</param>
    /// <param name="bound">How long the ready line and the socket may take.</param>
    public static SandboxedApp Start(string dotnet, IEnumerable<string> arguments, string startupHook, StartupSandbox sandbox, string name, TimeSpan bound)
    {
        var psi = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        sandbox.Isolate(psi);
        psi.Environment["DOTNET_STARTUP_HOOKS"] = startupHook;

        var app = new SandboxedApp(Process.Start(psi) ?? throw new InvalidOperationException($"could not start {name}"));
        try
        {
            app.WaitUntilReady(sandbox, name, bound);
            return app;
        }
        catch
        {
            app.Dispose();
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

    private void WaitUntilReady(StartupSandbox sandbox, string name, TimeSpan bound)
    {
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        ReadyLine = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"{name} printed nothing: {Stderr()}");

        var prefix = $"instr-{Pid}-";
        var clock = Stopwatch.StartNew();
        while (!Directory.Exists(sandbox.SocketDirectory) || !Directory.EnumerateFiles(sandbox.SocketDirectory, prefix + "*").Any())
        {
            if (clock.Elapsed > bound || _process.HasExited)
            {
                throw new InvalidOperationException($"the agent socket of {name} did not appear: {Stderr()}");
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

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Instr.Benchmarks.Startup;

namespace Instr.Benchmarks.Ui;

/// <summary>
/// tests/apps/HundredThousandMethodsApp with the agent in the sandbox: started, waited for (its "ready" line, which
/// says how many generated methods it has, and the agent's socket), killed on dispose.
/// </summary>
internal sealed class HundredKTarget : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private HundredKTarget(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    /// <summary>How many generated methods the app says it has ("ready: N methods in …").</summary>
    public int GeneratedMethods { get; private set; }

    public static HundredKTarget Start(string dotnet, string app, string startupHook, StartupSandbox sandbox)
    {
        var psi = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(app);
        psi.ArgumentList.Add("--dir");
        psi.ArgumentList.Add(Path.Combine(sandbox.Root, "generated"));
        sandbox.Isolate(psi);
        psi.Environment["DOTNET_STARTUP_HOOKS"] = startupHook;

        var target = new HundredKTarget(Process.Start(psi) ?? throw new InvalidOperationException("could not start HundredThousandMethodsApp"));
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

        // "ready: 100000 methods in 1000 types of HundredK.Generated, warmed 1000"
        var ready = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"HundredThousandMethodsApp printed nothing: {Stderr()}");
        GeneratedMethods = int.Parse(ready.Split(' ')[1], CultureInfo.InvariantCulture);

        var prefix = $"instr-{Pid}-";
        var clock = Stopwatch.StartNew();
        while (!Directory.Exists(sandbox.SocketDirectory) || !Directory.EnumerateFiles(sandbox.SocketDirectory, prefix + "*").Any())
        {
            if (clock.Elapsed > Bound || _process.HasExited)
            {
                throw new InvalidOperationException($"the agent socket of HundredThousandMethodsApp did not appear: {Stderr()}");
            }

            Thread.Sleep(20);
        }
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString().Trim();
        }
    }
}

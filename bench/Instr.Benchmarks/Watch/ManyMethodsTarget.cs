using System.Globalization;
using Instr.Benchmarks.Startup;

namespace Instr.Benchmarks.Watch;

/// <summary>
/// tests/apps/ManyMethodsApp running with the agent in the sandbox (<see cref="SandboxedApp"/>); its "ready" line says
/// how many target methods it called.
/// </summary>
internal sealed class ManyMethodsTarget : IDisposable
{
    private readonly SandboxedApp _app;

    private ManyMethodsTarget(SandboxedApp app)
    {
        _app = app;
        // "ready: N methods called, checksum C"
        MethodsCalled = int.Parse(app.ReadyLine.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    public int Pid => _app.Pid;

    /// <summary>How many methods the app says it called before "ready" (the number of targets it has).</summary>
    public int MethodsCalled { get; }

    /// <summary>The agent's socket.</summary>
    public string SocketPath => _app.SocketPath;

    /// <param name="hot">How many targets a background thread of the app keeps calling (ManyMethodsApp --hot).</param>
    public static ManyMethodsTarget Start(WatchLayout layout, StartupSandbox sandbox, int hot = 0)
    {
        string[] arguments = hot > 0 ? [layout.App, "--hot", hot.ToString(CultureInfo.InvariantCulture)] : [layout.App];
        var started = SandboxedApp.Start(layout.Dotnet, arguments, layout.StartupHook, sandbox, "ManyMethodsApp", TimeSpan.FromSeconds(60));
        try
        {
            return new ManyMethodsTarget(started);
        }
        catch
        {
            started.Dispose();
            throw;
        }
    }

    public void Dispose() => _app.Dispose();
}

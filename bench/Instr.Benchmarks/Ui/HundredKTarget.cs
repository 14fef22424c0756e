using System.Globalization;
using Instr.Benchmarks.Startup;

namespace Instr.Benchmarks.Ui;

/// <summary>
/// tests/apps/HundredThousandMethodsApp with the agent in the sandbox (<see cref="SandboxedApp"/>); its "ready" line
/// says how many generated methods it has.
/// </summary>
internal sealed class HundredKTarget : IDisposable
{
    private readonly SandboxedApp _app;

    private HundredKTarget(SandboxedApp app)
    {
        _app = app;
        // "ready: 100000 methods in 1000 types of HundredK.Generated, warmed 1000"
        GeneratedMethods = int.Parse(app.ReadyLine.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    public int Pid => _app.Pid;

    /// <summary>How many generated methods the app says it has ("ready: N methods in …").</summary>
    public int GeneratedMethods { get; }

    public static HundredKTarget Start(string dotnet, string app, string startupHook, StartupSandbox sandbox)
    {
        var started = SandboxedApp.Start(dotnet, [app, "--dir", Path.Combine(sandbox.Root, "generated")], startupHook, sandbox,
            "HundredThousandMethodsApp", TimeSpan.FromSeconds(120));
        try
        {
            return new HundredKTarget(started);
        }
        catch
        {
            started.Dispose();
            throw;
        }
    }

    public void Dispose() => _app.Dispose();
}

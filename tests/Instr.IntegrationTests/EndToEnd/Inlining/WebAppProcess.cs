using System.Globalization;
using Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.EndToEnd.Inlining;

/// <summary>
/// A template app running as users run it — `dotnet App.dll --urls http://127.0.0.1:PORT` from its output directory,
/// Production environment — in a test sandbox, with or without the agent hook, plus any extra variables (a profiler,
/// Kestrel protocols). Killed at dispose.
/// </summary>
internal sealed class WebAppProcess : IDisposable
{
    private WebAppProcess(ChildProcess process, Uri baseAddress)
    {
        Process = process;
        BaseAddress = baseAddress;
    }

    public ChildProcess Process { get; }

    public Uri BaseAddress { get; }

    public int Pid => Process.Pid;

    public string PidText => Process.Pid.ToString(CultureInfo.InvariantCulture);

    public static async Task<WebAppProcess> StartAsync(
        TestSandbox sandbox, TemplateApp app, bool withAgent, IReadOnlyDictionary<string, string?> extraEnvironment)
    {
        var url = $"http://127.0.0.1:{FreePort.Loopback()}";
        var environment = sandbox.Environment(withAgent);
        foreach (var (name, value) in extraEnvironment)
        {
            environment[name] = value;
        }

        var process = ChildProcess.Start(RepoLayout.DotnetHost, [app.Dll, "--urls", url], environment, app.OutputDirectory);
        var started = new WebAppProcess(process, new Uri(url + "/"));
        try
        {
            await process.WaitForOutputAsync("Now listening on: " + url, TimeSpan.FromSeconds(90));
            if (withAgent)
            {
                await sandbox.WaitForAgentSocketAsync(process, TimeSpan.FromSeconds(60));
            }
        }
        catch
        {
            started.Dispose();
            throw;
        }

        return started;
    }

    /// <summary>The app's output so far, for failure messages.</summary>
    public string Output => $"--- {Process.Description}\n--- stdout\n{Tail(Process.StandardOutput)}\n--- stderr\n{Tail(Process.StandardError)}";

    public void Dispose() => Process.Dispose();

    private static string Tail(string text) => text.Length <= 3000 ? text : "..." + text[^3000..];
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// tests/apps/HundredThousandMethodsApp with the agent: 1,000 types × 100 static methods it writes as an assembly at
/// startup (HundredK.Generated.T000:M00 … T999:M99), warmed up (every method of T000 … T009), its own work running (a
/// thread calling T000:M00 … M09 and checking every result). <see cref="CallAsync"/> makes it call one method exactly
/// N times; <see cref="WorkAsync"/> reads its own work's progress.
/// </summary>
internal sealed partial class HundredThousandMethodsApp : IDisposable
{
    public const string Namespace = "HundredK.Generated";


    private HundredThousandMethodsApp(ChildProcess app, int generatedMethods)
    {
        App = app;
        GeneratedMethods = generatedMethods;
    }

    public ChildProcess App { get; }

    /// <summary>How many methods the app says it generated (its "ready" line).</summary>
    public int GeneratedMethods { get; }

    public string Pid => App.Pid.ToString(CultureInfo.InvariantCulture);

    public static string MethodName(int type, int method) =>
        string.Create(CultureInfo.InvariantCulture, $"{Namespace}.T{type:D3}:M{method:D2}(System.Int64)");

    public static async Task<HundredThousandMethodsApp> StartAsync(TestSandbox sandbox)
    {
        var app = sandbox.StartApp(RepoLayout.TestApp("HundredThousandMethodsApp"), withAgent: true, "--dir", Path.Combine(sandbox.Root, "generated"));
        await app.WaitForOutputAsync(", warmed ", TimeSpan.FromSeconds(120));
        await sandbox.WaitForAgentSocketAsync(app, TimeSpan.FromSeconds(60));
        var ready = ReadyLine().Match(app.StandardOutput);
        Assert.True(ready.Success, $"no ready line: {app.StandardOutput}");
        return new HundredThousandMethodsApp(app, int.Parse(ready.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Has the app call T<paramref name="type"/>:M<paramref name="method"/> exactly <paramref name="count"/>
    /// times and waits until it says it did (every result right).</summary>
    public Task CallAsync(int type, int method, int count) =>
        AskAsync(string.Create(CultureInfo.InvariantCulture, $"call {type} {method} {count}"),
            string.Create(CultureInfo.InvariantCulture, $"called {MethodName(type, method)} {count} times\n"));

    /// <summary>The rounds the app's own work has done and how many of its results were wrong.</summary>
    public async Task<(long Rounds, long Wrong)> WorkAsync()
    {
        var before = WorkLine().Matches(App.StandardOutput).Count;
        App.WriteLine("work");
        await Poll.UntilAsync(() => WorkLine().Matches(App.StandardOutput).Count > before, TimeSpan.FromSeconds(30),
            () => $"the app did not answer `work`: {App.StandardOutput}");
        var last = WorkLine().Matches(App.StandardOutput)[^1];
        return (long.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(last.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    public void Dispose() => App.Dispose();

    private async Task AskAsync(string command, string answer)
    {
        App.WriteLine(command);
        await App.WaitForOutputAsync(answer, TimeSpan.FromSeconds(60));
    }

    [GeneratedRegex(@"ready: (\d+) methods in \d+ types of HundredK\.Generated")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"work: (\d+) rounds, (\d+) wrong\n")]
    private static partial Regex WorkLine();
}

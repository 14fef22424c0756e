using System.Text.Json;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Hosting;

/// <summary>
/// INSTR_PATCH + INSTR_REPORT in a short-lived app: the bootstrap switches them on before Main, so the app cannot
/// finish before its calls are counted (the gRPC host alone would come up far too late for this app).
/// </summary>
public sealed class EarlyFeaturesTests
{
    [Fact]
    public async Task A_short_lived_app_has_every_call_counted_in_its_exit_report()
    {
        using var sandbox = new TestSandbox();
        var dll = RepoLayout.TestApp("PlainConsoleApp");
        var baseline = sandbox.StartApp(dll, withAgent: false);
        var baselineExit = await baseline.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var report = Path.Combine(sandbox.Root, "report.json");
        sandbox.ExtraEnvironment["INSTR_PATCH"] = "PlainConsoleApp.Squares:Of";
        sandbox.ExtraEnvironment["INSTR_REPORT"] = report;

        var app = sandbox.StartApp(dll, withAgent: true);
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(baselineExit, exitCode);
        Assert.Equal(baseline.StandardOutputBytes, app.StandardOutputBytes);
        Assert.Equal(baseline.StandardError, app.StandardError);
        // Ground truth: the app prints one "line N:" per call of Squares.Of.
        var callsMade = app.StandardOutput.Split('\n').Count(l => l.StartsWith("line ", StringComparison.Ordinal));
        Assert.Equal(5, callsMade);
        Assert.True(File.Exists(report), "no INSTR_REPORT written");
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var method = Assert.Single(json.RootElement.GetProperty("methods").EnumerateArray());
        Assert.Equal("PlainConsoleApp.Squares:Of(System.Int32)", method.GetProperty("name").GetString());
        Assert.Equal(callsMade, method.GetProperty("calls").GetInt64());
        EndToEnd.CoverageFields.Read(method);
    }
}

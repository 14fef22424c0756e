using System.Text.Json;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Cli;

/// <summary>
/// `instr run --patch`: counting short-lived processes from their first instruction, as a user counts a test run or a
/// batch job. The ground truth is what the programs themselves do: CountedTests' tests call Ledger.Post exactly
/// 1,234 times, PlainConsoleApp calls Squares.Of exactly 5 times.
/// </summary>
public sealed class RunPatchTests
{
    private const string Post = "CountedTests.Ledger:Post(System.Int64)";
    private const string SquaresOf = "PlainConsoleApp.Squares:Of(System.Int32)";
    private static readonly TimeSpan TestRunTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task Run_patch_on_a_dotnet_test_run_reports_exactly_the_calls_the_tests_made()
    {
        using var sandbox = new TestSandbox();
        // A test run in a sandbox: no MSBuild nodes left behind with the agent in them.
        sandbox.ExtraEnvironment["MSBUILDDISABLENODEREUSE"] = "1";
        sandbox.ExtraEnvironment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        sandbox.ExtraEnvironment["DOTNET_NOLOGO"] = "1";
        var project = Path.Combine(RepoLayout.Root, "tests", "apps", "CountedTests", "CountedTests.csproj");
        RepoLayout.TestApp("CountedTests"); // built by make build
        var report = Path.Combine(sandbox.Root, "report.ndjson");

        var run = await sandbox.RunInstrAsync(
            ["run", "--patch", "CountedTests.Ledger:Post", "--report", report, "--", RepoLayout.DotnetHost, "test", project, "-c", "Release", "--no-build"],
            TestRunTimeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Passed!", run.StandardOutput, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^ +1,234  {System.Text.RegularExpressions.Regex.Escape(Post)}$", run.StandardError);
        var counted = File.ReadAllLines(report)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .SelectMany(process => process.GetProperty("methods").EnumerateArray())
            .Where(m => m.GetProperty("name").GetString() == Post)
            .Sum(m => m.GetProperty("calls").GetInt64());
        Assert.Equal(1_234, counted);
    }

    [Fact]
    public async Task Run_patch_counts_a_short_lived_app_and_returns_its_exit_code_with_its_output_untouched()
    {
        using var sandbox = new TestSandbox();
        var app = RepoLayout.TestApp("PlainConsoleApp");
        var baseline = sandbox.StartApp(app, withAgent: false, "--exit", "7");
        Assert.Equal(7, await baseline.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var run = await sandbox.RunInstrAsync(["run", "--patch", "PlainConsoleApp.Squares:*", "--", RepoLayout.DotnetHost, app, "--exit", "7"], TimeSpan.FromSeconds(120));

        Assert.Equal(7, run.ExitCode);
        Assert.Equal(baseline.StandardOutput, run.StandardOutput);
        Assert.StartsWith(baseline.StandardError, run.StandardError, StringComparison.Ordinal);
        Assert.Contains("instr: 1 patched method in 1 process", run.StandardError, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^ +5  {System.Text.RegularExpressions.Regex.Escape(SquaresOf)}$", run.StandardError);
    }

    [Fact]
    public async Task Run_patch_of_a_pattern_that_names_nothing_says_so_and_keeps_the_exit_code()
    {
        using var sandbox = new TestSandbox();
        var run = await sandbox.RunInstrAsync(["run", "--patch", "Nope.Missing:Thing", "--", RepoLayout.DotnetHost, RepoLayout.TestApp("PlainConsoleApp"), "--exit", "3"], TimeSpan.FromSeconds(120));

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("instr: no process reported a patched method (Nope.Missing:Thing)", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_probe_without_patch_is_a_usage_error()
    {
        using var sandbox = new TestSandbox();
        CliAssert.FailsWithOneLine(await sandbox.RunInstrAsync("run", "--probe", "timing", "--", "true"), 2);
    }
}

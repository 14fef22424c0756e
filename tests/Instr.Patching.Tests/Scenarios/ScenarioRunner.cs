using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Instr.Patching.Tests.Scenarios;

/// <summary>What one scenario process printed.</summary>
public sealed record ScenarioOutcome(long Expected, long Counted, string Detail, IReadOnlyList<string> Lines, int ExitCode, string Errors);

/// <summary>
/// Runs one scenario of tests/Instr.Patching.Scenarios (assembly PatchScenarios) in its own process, so a crash
/// in patched code fails that test instead of killing the test runner.
/// </summary>
public static partial class ScenarioRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    /// <param name="scenario">The scenario's name.</param>
    /// <param name="runtime">null: the framework-dependent build on the installed runtime; "net8.0"/"net9.0": the
    /// self-contained build for that runtime (artifacts/selfcontained/TFM/scenarios, made by `make build`).</param>
    public static ScenarioOutcome Run(string scenario, string? runtime = null)
    {
        var start = new ProcessStartInfo(runtime is null ? "dotnet" : SelfContainedScenarios(runtime))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runtime is null)
        {
            start.ArgumentList.Add(ScenariosAssembly());
        }

        start.ArgumentList.Add(scenario);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the scenario process");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scenario {scenario} did not finish within {Timeout}");
        }

        var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = lines.Select(l => ResultLine().Match(l)).LastOrDefault(m => m.Success);
        if (result is null)
        {
            throw new InvalidOperationException(
                $"scenario {scenario} printed no RESULT line (exit code {process.ExitCode}).\nstdout:\n{output.Result}\nstderr:\n{errors.Result}");
        }

        return new ScenarioOutcome(
            long.Parse(result.Groups["expected"].Value, CultureInfo.InvariantCulture),
            long.Parse(result.Groups["counted"].Value, CultureInfo.InvariantCulture),
            result.Groups["detail"].Value, lines, process.ExitCode, errors.Result);
    }

    private static string SelfContainedScenarios(string runtime)
    {
        // <repo>/tests/Instr.Patching.Tests/bin/<config>/<tfm>/ → <repo>/artifacts/selfcontained/<runtime>/scenarios/
        var repo = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repo, "artifacts", "selfcontained", runtime, "scenarios", "PatchScenarios");
        return File.Exists(path) ? path : throw new FileNotFoundException($"self-contained scenario app for {runtime} not built (run `make build`): {path}");
    }

    private static string ScenariosAssembly()
    {
        var overridden = Environment.GetEnvironmentVariable("INSTR_PATCH_SCENARIOS");
        if (!string.IsNullOrEmpty(overridden))
        {
            return overridden;
        }

        // <repo>/tests/Instr.Patching.Tests/bin/<config>/<tfm>/ → <repo>/tests/Instr.Patching.Scenarios/bin/<config>/<tfm>/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var tests = here.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "Instr.Patching.Scenarios", "bin", configuration, tfm, "PatchScenarios.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"scenario app not built: {path}");
    }

    [GeneratedRegex(@"^RESULT expected=(?<expected>-?\d+) counted=(?<counted>-?\d+) detail=(?<detail>.*)$")]
    private static partial Regex ResultLine();
}

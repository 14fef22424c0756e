using System.Diagnostics;

namespace Instr.Patching.Tests.Inlining;

/// <summary>
/// Runs the <c>inlining-analyze</c> scenario once in its own process, with the JIT writing its own listing of
/// every <c>Inl*</c> method (DOTNET_JitDisasm, supported by release runtimes) — the independent oracle the
/// analyzer's verdicts are compared with. Shared by the tests of one class (xunit class fixture).
/// </summary>
public sealed class InliningScenarioRun
{
    private const string ScenarioName = "inlining-analyze";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    public InliningScenarioRun()
    {
        string listingPath = Path.Combine(Path.GetTempPath(), $"instr-inlining-jit-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        (ExitCode, Output, Errors) = RunScenario(ScenarioName, new Dictionary<string, string>
        {
            ["DOTNET_JitStdOutFile"] = listingPath,
            ["DOTNET_JitDisasm"] = "Inl*",
        });
        Listing = File.Exists(listingPath) ? JitListing.Parse(File.ReadAllText(listingPath)) : JitListing.Parse("");
        File.Delete(listingPath);
        Verdicts = ScenarioVerdict.ParseAll(Output);
    }

    public string Output { get; }

    public string Errors { get; }

    public int ExitCode { get; }

    public JitListing Listing { get; }

    public IReadOnlyList<ScenarioVerdict> Verdicts { get; }

    public IEnumerable<string> LinesStartingWith(string kind) =>
        Output.Split('\n').Where(line => line.StartsWith(kind + "\t", StringComparison.Ordinal));

    public IReadOnlyList<ScenarioVerdict> VerdictsFor(string callee) => Verdicts.Where(v => v.Callee == callee).ToList();

    /// <summary>Runs one scenario of the PatchScenarios exe in its own process (a crash kills only that process).</summary>
    public static (int ExitCode, string Output, string Errors) RunScenario(string scenario, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(LocateScenarioAssembly());
        start.ArgumentList.Add(scenario);
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start the scenario process");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{scenario} did not finish within {s_timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string LocateScenarioAssembly()
    {
        const string FileName = "PatchScenarios.dll";
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agent.sln")))
            {
                foreach (string configuration in new[] { "Release", "Debug" })
                {
                    string candidate = Path.Combine(directory.FullName, "tests", "Instr.Patching.Scenarios", "bin", configuration, "net10.0", FileName);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }

                break;
            }
        }

        throw new FileNotFoundException($"{FileName} not found: build tests/Instr.Patching.Scenarios first (make build)");
    }
}

using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Instr.Benchmarks.Summary;

namespace Instr.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Instr.Benchmarks -- --artifacts &lt;dir&gt; [--filter &lt;substring&gt;]</c>:
/// runs every benchmark class of this assembly (short in-process jobs: the engine installs a process-wide JIT
/// hook, which is simplest to measure in the process that runs the benchmarks), then writes
/// &lt;dir&gt;/summary.json and prints a table with ratios to plain_call_ns. See SummaryKeyAttribute to add keys.
/// <c>--only-contributor &lt;ClassName&gt;</c> runs just that ISummaryContributor (no BenchmarkDotNet) and prints its
/// keys without touching summary.json, to check one whole-process measurement quickly.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var artifacts = Option(args, "--artifacts") ?? Path.Combine(Environment.CurrentDirectory, "artifacts", "bench");
        var filter = Option(args, "--filter");
        if (Option(args, "--only-contributor") is { } only)
        {
            return RunOneContributor(only);
        }

        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var types = typeof(Program).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkDotNet.Attributes.BenchmarkAttribute>() is not null))
            .Where(t => filter is null || t.FullName!.Contains(filter, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        var summaries = BenchmarkRunner.Run(types, config);
        var values = SummaryWriter.Collect(summaries, typeof(Program).Assembly);
        if (!values.ContainsKey("patched_timing_ns"))
        {
            Console.WriteLine("patched_timing_ns: not measured in this run (CallBenchmarks filtered out, or its timing case failed: see above).");
        }

        SummaryWriter.Write(artifacts, values);
        SummaryWriter.Print(values, Console.Out);
        Console.WriteLine($"summary: {Path.Combine(artifacts, "summary.json")}");
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }

    private static int RunOneContributor(string name)
    {
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (SummaryWriter.AddContributions(values, typeof(Program).Assembly, name) == 0)
        {
            Console.Error.WriteLine($"no ISummaryContributor class named {name}");
            return 2;
        }

        SummaryWriter.Print(values, Console.Out);
        return values.Count > 0 ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

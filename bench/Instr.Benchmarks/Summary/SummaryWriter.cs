using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Instr.Benchmarks.Summary;

/// <summary>Collects the keyed numbers (attributes + contributors), writes summary.json (a flat object of numbers)
/// and prints a table with each value's ratio to plain_call_ns from the same run.</summary>
public static class SummaryWriter
{
    public const string BaselineKey = "plain_call_ns";

    public static SortedDictionary<string, double> Collect(IEnumerable<BenchmarkDotNet.Reports.Summary> summaries, Assembly assembly)
    {
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            var method = report.BenchmarkCase.Descriptor.WorkloadMethod;
            var attribute = method.GetCustomAttribute<SummaryKeyAttribute>();
            var mean = report.ResultStatistics?.Mean;
            if (attribute is null || mean is null)
            {
                continue;
            }

            values[attribute.Key] = attribute.Unit == SummaryUnit.Milliseconds ? mean.Value / 1_000_000.0 : mean.Value;
        }

        AddContributions(values, assembly);
        return values;
    }

    /// <summary>Runs the <see cref="ISummaryContributor"/>s of <paramref name="assembly"/> (only the one whose class
    /// name is <paramref name="only"/>, if given) into <paramref name="values"/>; returns how many ran.</summary>
    public static int AddContributions(IDictionary<string, double> values, Assembly assembly, string? only = null)
    {
        var contributors = assembly.GetTypes()
            .Where(t => typeof(ISummaryContributor).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Where(t => only is null || string.Equals(t.Name, only, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        foreach (var type in contributors)
        {
            try
            {
                var contributor = (ISummaryContributor)Activator.CreateInstance(type)!;
                foreach (var (key, value) in contributor.Measure())
                {
                    values[key] = value;
                }
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"summary: {type.Name} failed: {e.Message}");
            }
        }

        return contributors.Length;
    }

    public static void Write(string directory, IReadOnlyDictionary<string, double> values)
    {
        Directory.CreateDirectory(directory);
        var rounded = values.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4));
        File.WriteAllText(Path.Combine(directory, "summary.json"), JsonSerializer.Serialize(rounded, new JsonSerializerOptions { WriteIndented = true }));
    }

    public static void Print(IReadOnlyDictionary<string, double> values, TextWriter output)
    {
        values.TryGetValue(BaselineKey, out var baseline);
        output.WriteLine($"{"key",-30} {"value",14} {"× plain_call",14} {"target",12}");
        foreach (var (key, value) in values)
        {
            var ratio = baseline > 0 && key.EndsWith("_ns", StringComparison.Ordinal) ? (value / baseline).ToString("0.00", CultureInfo.InvariantCulture) : "";
            var target = ScaleTargets.Describe(key, value);
            output.WriteLine($"{key,-30} {value.ToString("0.####", CultureInfo.InvariantCulture),14} {ratio,14} {target,12}");
        }

        PrintTargets(values, output);
    }

    /// <summary>The timing probe's cost targets (issue 9), checked against numbers of the same run.</summary>
    private static void PrintTargets(IReadOnlyDictionary<string, double> values, TextWriter output)
    {
        if (values.TryGetValue(BaselineKey, out var plain) && values.TryGetValue("patched_timing_ns", out var timed))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target patched_timing_ns <= plain_call_ns + 25: {timed:0.##} <= {plain + 25:0.##} {(timed <= plain + 25 ? "met" : "NOT met")}"));
            if (values.TryGetValue("tsc_pair_ns", out var clock))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  of which the two clock reads alone (tsc_pair_ns): {clock:0.##}; the probe's own work: {timed - plain - clock:0.##}"));
            }
        }

        if (values.TryGetValue("plain_call_2threads_ns", out var plain2) && values.TryGetValue("patched_timing_2threads_ns", out var timed2) && plain2 > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target patched_timing_2threads_ns <= 1.2 x plain_call_2threads_ns: {timed2:0.##} vs {plain2 * 1.2:0.##} ({timed2 / plain2:0.00}x) {(timed2 <= plain2 * 1.2 ? "met" : "NOT met")}"));
            if (values.TryGetValue("tsc_pair_2threads_ns", out var clock2) && values.TryGetValue("patched_timing_ns", out var timed1) && timed1 > 0)
            {
                // No shared cache line means two threads cost what one does, above what the machine gives two threads.
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  two clock reads on 2 threads (tsc_pair_2threads_ns): {clock2:0.##}; timing 2 threads / 1 thread: {timed2 / timed1:0.00}x"));
            }
        }
    }
}

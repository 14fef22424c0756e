namespace Instr.Benchmarks.Summary;

/// <summary>Unit a summary key is written in (BenchmarkDotNet measures nanoseconds per operation).</summary>
public enum SummaryUnit
{
    Nanoseconds,
    Milliseconds,
}

/// <summary>
/// Puts a benchmark's mean into artifacts/bench/summary.json under <see cref="Key"/>.
/// HOW TO ADD A KEY: put <c>[SummaryKey("my_key_ms", SummaryUnit.Milliseconds)]</c> on a [Benchmark] method in any
/// file of this project; or, for a number not measured by BenchmarkDotNet (startup_overhead_ms, rss_overhead_mb,
/// watch_10k_cpu_percent), add a class implementing <see cref="ISummaryContributor"/>: Program finds both by reflection.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SummaryKeyAttribute(string key, SummaryUnit unit = SummaryUnit.Nanoseconds) : Attribute
{
    public string Key { get; } = key;

    public SummaryUnit Unit { get; } = unit;
}

/// <summary>Adds numbers measured outside BenchmarkDotNet to summary.json (see <see cref="SummaryKeyAttribute"/>).
/// Needs a public parameterless constructor; runs after the benchmarks; a failure is printed and skipped.</summary>
public interface ISummaryContributor
{
    IEnumerable<KeyValuePair<string, double>> Measure();
}

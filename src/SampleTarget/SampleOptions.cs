using System.Globalization;

namespace SampleTarget;

/// <summary>Command-line options. Parsed by hand: the demo app stays free of packages so that it looks like any
/// app a user would instrument.</summary>
internal sealed record SampleOptions
{
    public const string Usage =
        "usage: SampleTarget [--rate N] [--threads N] [--calls N] [--duration SEC] [--seed N] [--pause-file PATH]\n" +
        "  --rate N          calls per second over all threads (default 100; 0 = as fast as possible)\n" +
        "  --threads N       threads running the loop (default 1)\n" +
        "  --calls N         stop after N calls in total\n" +
        "  --duration SEC    stop after SEC seconds\n" +
        "  --seed N          deterministic choice of callables (thread i uses seed+i)\n" +
        "  --pause-file PATH while PATH exists the loop is paused; PATH.paused then holds the counts\n" +
        "At exit one JSON line with the exact call counts per method is printed: {\"calls\":{...}}\n" +
        "Exit code: 0 when --calls or --duration ends the run, 130 after SIGINT (Ctrl+C), 143 after SIGTERM, 2 for a usage error";

    public double Rate { get; init; } = 100;

    public int Threads { get; init; } = 1;

    public long? Calls { get; init; }

    public TimeSpan? Duration { get; init; }

    public int? Seed { get; init; }

    public string? PauseFile { get; init; }

    public bool Help { get; init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="UsageException"/> with a one-line message.</summary>
    public static SampleOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SampleOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = SplitInline(args[i]);
            string Value() => inlineValue ?? (++i < args.Count ? args[i] : throw new UsageException($"option {name} needs a value"));
            options = name switch
            {
                "--rate" => options with { Rate = Number(name, Value(), 0, 10_000_000) },
                "--threads" => options with { Threads = (int)Number(name, Value(), 1, 256, integer: true) },
                "--calls" => options with { Calls = (long)Number(name, Value(), 0, 1e15, integer: true) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Number(name, Value(), 0.001, 86_400 * 365)) },
                "--seed" => options with { Seed = (int)Number(name, Value(), int.MinValue, int.MaxValue, integer: true) },
                "--pause-file" => options with { PauseFile = NonEmpty(name, Value()) },
                "-h" or "--help" => options with { Help = true },
                _ => throw new UsageException($"unknown option '{args[i]}' (see --help)"),
            };
        }

        return options;
    }

    private static (string Name, string? Value) SplitInline(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static double Number(string name, string text, double min, double max, bool integer = false)
    {
        // Integers go through long.TryParse: a double would silently round large call counts.
        var parsed = integer
            ? long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? whole : double.NaN
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? real : double.NaN;
        if (double.IsNaN(parsed) || parsed < min || parsed > max)
        {
            var kind = integer ? "an integer" : "a number";
            throw new UsageException($"option {name} needs {kind} between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'");
        }

        return parsed;
    }

    private static string NonEmpty(string name, string text) =>
        text.Length > 0 ? text : throw new UsageException($"option {name} needs a non-empty value");
}

/// <summary>A command-line mistake; the message is the one line printed to stderr (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Instr.Benchmarks.Startup;
using Instr.Benchmarks.Summary;

namespace Instr.Benchmarks.Ui;

/// <summary>
/// How fast `instr ui` answers a key on an app with 100,000 methods (issue 11: key → screen ≤ 100 ms). The app is
/// tests/apps/HundredThousandMethodsApp (1,000 generated types × 100 methods, plus its own few) with the agent in a
/// private sandbox; `instr ui -p PID` runs in a 140×40 tmux pane. A sample is the wall time from `tmux send-keys`
/// returning until `tmux capture-pane` first shows the key's effect (polled back to back, so a sample includes
/// tmux's own round trips of a few ms): Down and PageDown until the selected row's details line changes; each
/// character typed into the `/` filter until the status line says `matching "TEXT"` for the text so far, each
/// Backspace until it says so for the shorter text (or nothing is filtered); `i` until the patch input's hint shows,
/// and Enter on a method name until the status line says it is being patched. The keys are pressed first with
/// nothing patched, then again while a patched hot method's count changes on every refresh.
/// Keys: <c>ui_100k_key_ms_p50</c> and <c>ui_100k_key_ms_max</c> over every sample (target ≤ 100 each), the max of
/// each kind (<c>ui_100k_down_ms_max</c>, <c>_pagedown_</c>, <c>_filter_</c>, <c>_clear_</c>, <c>_patch_key_</c>),
/// <c>ui_100k_open_ms</c> (pane started → the table with every method; CLI start and ListMethods included) and
/// <c>ui_100k_patched_ms</c> (Enter → the row marked ✓ patched: the agent's patch included) and
/// <c>ui_100k_down_10rows_ms_p50</c> (Down with the filter leaving 10 rows: the same terminal's cost of a key when the
/// table is small, the floor the 100,000-row figures compare with). If the app has another
/// number of generated methods, "100k" in every key becomes that number. Not BenchmarkDotNet: whole processes, one run.
/// </summary>
public sealed partial class UiKeyLatency : ISummaryContributor
{
    private const int ExpectedMethods = 100_000;
    private const int Width = 140;
    private const int Height = 40;
    private const string Filter = "T512:M3";
    private const string HotMethod = "HundredK.Generated.T000:M00";
    private const string QuietMethod = "HundredK.Generated.T777:M77";
    private const string FloorKind = "down_10rows";
    private static readonly TimeSpan KeyBound = TimeSpan.FromSeconds(30);

    private readonly List<(string Kind, double Ms)> _samples = [];

    public IEnumerable<KeyValuePair<string, double>> Measure()
    {
        if (!TmuxPane.IsInstalled)
        {
            throw new InvalidOperationException("tmux is not installed (`make deps` installs it)");
        }

        var startup = StartupLayout.Find();
        var root = StartupLayout.RepositoryRoot();
        var instr = StartupLayout.Built(Path.Combine(root, "artifacts", "bin", "instr"));
        var app = StartupLayout.Built(StartupLayout.TestApp(root, "HundredThousandMethodsApp"));
        using var sandbox = new StartupSandbox();
        using var target = HundredKTarget.Start(startup.Dotnet, app, startup.StartupHook, sandbox);
        var label = target.GeneratedMethods == ExpectedMethods ? "100k" : target.GeneratedMethods.ToString(CultureInfo.InvariantCulture);

        var opened = Stopwatch.StartNew();
        using var pane = TmuxPane.Start(sandbox.Root, PaneEnvironment(sandbox), [instr, "ui", "-p", target.Pid.ToString(CultureInfo.InvariantCulture)], Width, Height);
        var screen = pane.WaitFor(s => Total(s) >= target.GeneratedMethods,
            $"a table of at least {target.GeneratedMethods} methods", TimeSpan.FromSeconds(120));
        var openMs = opened.Elapsed.TotalMilliseconds;
        var total = Total(screen);

        PressKeys(pane);
        PressDownOnTenRows(pane);
        var patchedMs = Patch(pane, HotMethod);
        PressKeys(pane); // again, while the hot method's count changes on every refresh
        Patch(pane, QuietMethod);

        var all = _samples.Where(s => s.Kind != FloorKind).Select(s => s.Ms).Order().ToArray();
        var floor = _samples.Where(s => s.Kind == FloorKind).Select(s => s.Ms).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ui: {total} methods ({target.GeneratedMethods} generated), table after {openMs:0} ms; {all.Length} keys: p50 {Percentile(all, 0.5):0.0} ms, max {all[^1]:0.0} ms; Enter → ✓ patched {patchedMs:0} ms"));
        foreach (var kind in _samples.GroupBy(s => s.Kind))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {kind.Key,-10} {string.Join(' ', kind.Select(s => s.Ms.ToString("0", CultureInfo.InvariantCulture)))} ms"));
        }

        var keys = new List<KeyValuePair<string, double>>
        {
            new($"ui_{label}_key_ms_p50", Percentile(all, 0.5)),
            new($"ui_{label}_key_ms_max", all[^1]),
            new($"ui_{label}_open_ms", openMs),
            new($"ui_{label}_patched_ms", patchedMs),
            new($"ui_{label}_down_10rows_ms_p50", Percentile(floor, 0.5)),
        };
        keys.AddRange(_samples.Where(s => s.Kind != FloorKind).GroupBy(s => s.Kind).Select(kind => new KeyValuePair<string, double>($"ui_{label}_{kind.Key}_ms_max", kind.Max(s => s.Ms))));
        return keys;
    }

    /// <summary>Down and PageDown, then the filter typed character by character and cleared with Backspace.</summary>
    private void PressKeys(TmuxPane pane)
    {
        for (var i = 0; i < 10; i++)
        {
            Time(pane, "down", () => pane.Press("Down"), ChangedDetails(pane.Capture()));
        }

        for (var i = 0; i < 5; i++)
        {
            Time(pane, "pagedown", () => pane.Press("NPage"), ChangedDetails(pane.Capture()));
        }

        pane.Press("/");
        pane.WaitFor(s => s.Contains("type to filter", StringComparison.Ordinal), "the filter hint", KeyBound);
        for (var length = 1; length <= Filter.Length; length++)
        {
            var text = Filter[..length];
            Time(pane, "filter", () => pane.Type(text[^1..]), s => s.Contains($"matching \"{text}\"", StringComparison.Ordinal));
        }

        for (var length = Filter.Length - 1; length >= 0; length--)
        {
            var text = Filter[..length];
            Time(pane, "clear", () => pane.Press("BSpace"), s => length > 0
                ? s.Contains($"matching \"{text}\"", StringComparison.Ordinal)
                : !s.Contains("matching \"", StringComparison.Ordinal));
        }

        pane.Press("Enter"); // back to the table
        pane.WaitFor(s => !s.Contains("type to filter", StringComparison.Ordinal), "the table focused again", KeyBound);
    }

    /// <summary>Down with the filter narrowed to 10 rows, in the same process and terminal: what a key costs when the
    /// table is small, to compare the 100,000-row figures with (not counted in the key percentiles).</summary>
    private void PressDownOnTenRows(TmuxPane pane)
    {
        pane.Press("/");
        pane.Type(Filter);
        pane.WaitFor(s => s.Contains($"10 of ", StringComparison.Ordinal) && s.Contains($"matching \"{Filter}\"", StringComparison.Ordinal)
            && s.Contains($"││HundredK.Generated.{Filter}", StringComparison.Ordinal), "10 rows left by the filter, on the screen", KeyBound);
        pane.Press("Enter");
        pane.WaitFor(s => !s.Contains("type to filter", StringComparison.Ordinal), "the table focused again", KeyBound);
        for (var i = 0; i < 9; i++)
        {
            Time(pane, FloorKind, () => pane.Press("Down"), ChangedDetails(pane.Capture()));
        }

        pane.Press("/");
        for (var i = 0; i < Filter.Length; i++)
        {
            pane.Press("BSpace");
        }

        pane.WaitFor(s => !s.Contains("matching \"", StringComparison.Ordinal), "the filter cleared", KeyBound);
        pane.Press("Enter");
        pane.WaitFor(s => !s.Contains("type to filter", StringComparison.Ordinal), "the table focused again", KeyBound);
    }

    /// <summary>`i`, the name, Enter; returns Enter → the row marked ✓ patched, in ms.</summary>
    private double Patch(TmuxPane pane, string method)
    {
        Time(pane, "patch_key", () => pane.Press("i"), s => s.Contains("Enter patches it", StringComparison.Ordinal));
        pane.Type(method);
        pane.WaitFor(s => s.Contains(method, StringComparison.Ordinal), "the typed name", KeyBound);
        var clock = Stopwatch.StartNew();
        Time(pane, "patch_key", () => pane.Press("Enter"), s => s.Contains($"patching {method} …", StringComparison.Ordinal) || IsPatched(s, method));
        pane.WaitFor(s => IsPatched(s, method), $"{method} marked ✓ patched", TimeSpan.FromSeconds(60));
        return clock.Elapsed.TotalMilliseconds;
    }

    private void Time(TmuxPane pane, string kind, Action press, Func<string, bool> shown)
    {
        var clock = Stopwatch.StartNew();
        press();
        var pressed = clock.Elapsed;
        pane.WaitFor(shown, $"the effect of a {kind} key", KeyBound);
        _samples.Add((kind, (clock.Elapsed - pressed).TotalMilliseconds));
    }

    private static Func<string, bool> ChangedDetails(string before)
    {
        var details = DetailsLine(before);
        return s => DetailsLine(s) is { Length: > 0 } now && now != details;
    }

    private static bool IsPatched(string screen, string method) =>
        screen.Split('\n').Any(line => line.Contains(method, StringComparison.Ordinal) && line.Contains("✓ patched", StringComparison.Ordinal));

    /// <summary>The selected row's details: the line just above the patch input's label.</summary>
    private static string DetailsLine(string screen)
    {
        var lines = screen.Split('\n');
        var input = Array.FindIndex(lines, l => l.Contains("patch  i", StringComparison.Ordinal) || l.Contains("timing t", StringComparison.Ordinal));
        return input > 0 ? lines[input - 1].Trim(' ', '│', '┃', '║') : "";
    }

    /// <summary>M of the status line's "N of M methods"; -1 before it shows.</summary>
    private static int Total(string screen) =>
        SummaryPattern().Match(screen) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Round(p * (sorted.Length - 1))];

    private static Dictionary<string, string> PaneEnvironment(StartupSandbox sandbox)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!name.StartsWith("INSTR_", StringComparison.Ordinal) && name != "DOTNET_STARTUP_HOOKS" && entry.Value is string value)
            {
                environment[name] = value;
            }
        }

        environment["TMPDIR"] = sandbox.Root;
        environment["XDG_RUNTIME_DIR"] = sandbox.Root;
        return environment;
    }

    [GeneratedRegex(@"\d+ of (\d+) methods")]
    private static partial Regex SummaryPattern();
}

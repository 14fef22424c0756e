using Instr.Cli.Rendering;
using Instr.Cli.Tests.Support;
using Instr.Protocol.V1;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Instr.Cli.Tests.Rendering;

public sealed class RendererTests
{
    private static async IAsyncEnumerable<WatchSnapshot> Stream(params WatchSnapshot[] snapshots)
    {
        foreach (var snapshot in snapshots)
        {
            await Task.Yield();
            yield return snapshot;
        }
    }

    private static WatchSnapshot Snapshot(int methods) => new()
    {
        TimeUnixMs = 1_700_000_000_000,
        Pid = 7,
        Methods = { Enumerable.Range(0, methods).Select(i => new MethodCounter { Name = $"N.T:M{i}()", Calls = i * 10, Rate = i, Status = "patched", State = PatchState.Patched }) },
    };

    [Fact]
    public void Plain_tables_are_tab_separated_lines_without_header()
    {
        var output = new StringWriter();
        new PlainTableRenderer(output).Render(["A", "B"], [["x", "y\tz"], ["1", "2"]]);
        Assert.Equal($"x\ty z{Environment.NewLine}1\t2{Environment.NewLine}", output.ToString());
    }

    [Fact]
    public void Spectre_tables_show_headers_and_bracketed_names_verbatim()
    {
        var console = new CapturedConsole(interactive: true);
        new SpectreTableRenderer(console.Ansi).Render(["METHOD", "CALLS"], [["N.T:M[x]()", "5"]]);
        Assert.Contains("METHOD", console.Ansi.Output, StringComparison.Ordinal);
        Assert.Contains("N.T:M[x]()", console.Ansi.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Renderer_choice_follows_the_terminal()
    {
        Assert.IsType<PlainTableRenderer>(TableRenderers.For(new CapturedConsole(interactive: false).Console));
        Assert.IsType<SpectreTableRenderer>(TableRenderers.For(new CapturedConsole(interactive: true).Console));
        Assert.IsType<PlainWatchRenderer>(WatchRenderers.For(new CapturedConsole(interactive: false).Console, json: false));
        Assert.IsType<LiveWatchRenderer>(WatchRenderers.For(new CapturedConsole(interactive: true).Console, json: false));
        Assert.IsType<JsonWatchRenderer>(WatchRenderers.For(new CapturedConsole(interactive: true).Console, json: true));
    }

    [Fact]
    public async Task Plain_watch_writes_one_line_per_method_per_snapshot()
    {
        var output = new StringWriter();
        await new PlainWatchRenderer(output).RenderAsync(Stream(Snapshot(2), Snapshot(2)), CancellationToken.None);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal(["22:13:20.000", "N.T:M1()", "10", "1.0", "patched"], lines[1].Split('\t'));
    }

    [Fact]
    public async Task Plain_watch_status_comes_from_the_state_field_not_from_the_wording()
    {
        var snapshot = Snapshot(2);
        snapshot.Methods[0].Status = "patched";
        snapshot.Methods[0].State = PatchState.Unpatched;
        snapshot.Methods[1].Status = "unpatched";
        snapshot.Methods[1].State = PatchState.Partial;
        var output = new StringWriter();
        await new PlainWatchRenderer(output).RenderAsync(Stream(snapshot), CancellationToken.None);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("unpatched", lines[0].Split('\t')[4]);
        Assert.Equal("patched, partial coverage", lines[1].Split('\t')[4]);
    }

    [Fact]
    public async Task Json_watch_writes_one_object_per_line()
    {
        var output = new StringWriter();
        await new JsonWatchRenderer(output).RenderAsync(Stream(Snapshot(1), Snapshot(3), Snapshot(0)), CancellationToken.None);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([1, 3, 0], lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("methods").GetArrayLength()));
    }

    [Fact]
    public void Live_watch_keeps_long_names_and_statuses_on_one_line_each()
    {
        var console = new CapturedConsole(interactive: true, width: 60, height: 15);
        var snapshot = Snapshot(3);
        foreach (var method in snapshot.Methods)
        {
            method.Name = "SampleTarget.Modules.ModuleB+ClassB1Derived:" + method.Name;
            method.Status = "patched, partial coverage";
            method.State = PatchState.Partial;
            method.Coverage = Coverage.Partial;
            method.CoverageReason = "inlined into 1 already-compiled caller (N.U:Caller()): their calls are not counted";
        }

        var table = LiveWatchRenderer.NewTable();
        LiveWatchRenderer.Fill(table, snapshot, maxRows: 10, width: 60);
        console.Ansi.Write(table);

        var lines = console.Ansi.Output.TrimEnd('\n').Split('\n');
        // Top border, header, separator, 3 rows, bottom border, caption.
        Assert.True(lines.Length == 8, console.Ansi.Output);
        Assert.Contains("…", console.Ansi.Output, StringComparison.Ordinal);
        // The numbers are never the part that gets squeezed out.
        Assert.Matches(@" 20 │ +2\.0 │", console.Ansi.Output);
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 60, line));
    }

    [Fact]
    public void Live_watch_says_partial_with_the_reason_and_in_colour()
    {
        var console = new CapturedConsole(interactive: true, width: 120, height: 15);
        console.Ansi.Colors(ColorSystem.Standard).EmitAnsiSequences();
        var snapshot = Snapshot(2);
        snapshot.Methods[1].Status = "patched, partial coverage";
        snapshot.Methods[1].State = PatchState.Partial;
        snapshot.Methods[1].Coverage = Coverage.Partial;
        snapshot.Methods[1].CoverageReason = "a frame still runs old code";

        var table = LiveWatchRenderer.NewTable();
        LiveWatchRenderer.Fill(table, snapshot, maxRows: 10, width: 120);
        console.Ansi.Write(table);

        var lines = console.Ansi.Output.Split('\n');
        var partial = Assert.Single(lines, l => l.Contains("N.T:M1()", StringComparison.Ordinal));
        Assert.Contains("partial: a frame still", partial, StringComparison.Ordinal); // the status gets a third of the width: cut with …
        Assert.Contains("\u001b[", partial, StringComparison.Ordinal); // highlighted
        var complete = Assert.Single(lines, l => l.Contains("N.T:M0()", StringComparison.Ordinal));
        Assert.Contains("patched", complete, StringComparison.Ordinal);
        Assert.DoesNotContain("partial", complete, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", complete, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_watch_limits_rows_to_the_terminal_height()
    {
        var console = new CapturedConsole(interactive: true, height: 15);
        await new LiveWatchRenderer(console.Ansi).RenderAsync(Stream(Snapshot(30)), CancellationToken.None);
        var output = console.Ansi.Output;
        Assert.Contains("N.T:M0()", output, StringComparison.Ordinal);
        Assert.DoesNotContain("N.T:M29()", output, StringComparison.Ordinal);
        Assert.Contains("more rows", output, StringComparison.Ordinal);
    }
}

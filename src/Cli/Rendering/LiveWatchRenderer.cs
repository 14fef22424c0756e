using Instr.Protocol.V1;
using Spectre.Console;

namespace Instr.Cli.Rendering;

/// <summary>A table refreshed in place (Spectre Live) on an interactive terminal, cut to the terminal height.</summary>
internal sealed class LiveWatchRenderer(IAnsiConsole console) : IWatchRenderer
{
    // Borders, header, caption and the shell prompt line.
    private const int ChromeLines = 7;

    public Task RenderAsync(IAsyncEnumerable<WatchSnapshot> snapshots, CancellationToken ct)
    {
        var table = NewTable();
        return console.Live(table)
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async ctx =>
            {
                await foreach (var snapshot in snapshots.WithCancellation(ct).ConfigureAwait(false))
                {
                    Fill(table, snapshot, Math.Max(1, console.Profile.Height - ChromeLines));
                    ctx.Refresh();
                }
            });
    }

    private static Table NewTable() => new Table()
        .Border(TableBorder.Rounded)
        .AddColumn("METHOD / METER")
        .AddColumn(new TableColumn("CALLS / VALUE").RightAligned())
        .AddColumn(new TableColumn("RATE/s").RightAligned())
        .AddColumn("STATUS");

    private static void Fill(Table table, WatchSnapshot snapshot, int maxRows)
    {
        table.Rows.Clear();
        var rows = snapshot.Methods.Select(m => new[]
            {
                m.Name, SnapshotCells.Calls(m), SnapshotCells.Rate(m), Join(m.Status, SnapshotCells.Timing(m)),
            })
            .Concat(snapshot.Meters.Select(v => new[] { SnapshotCells.Instrument(v), SnapshotCells.Value(v), string.Empty, "meter" }))
            .ToList();
        if (rows.Count == 0)
        {
            rows.Add(["(nothing patched yet: run instr patch PATTERN)", string.Empty, string.Empty, string.Empty]);
        }

        foreach (var row in rows.Take(maxRows))
        {
            table.AddRow(row.Select(cell => new Text(cell)).ToArray());
        }

        var hidden = rows.Count - Math.Min(rows.Count, maxRows);
        table.Caption = new TableTitle(
            $"pid {snapshot.Pid} · {SnapshotCells.Time(snapshot)} UTC" + (hidden > 0 ? $" · {hidden} more rows (enlarge the terminal)" : string.Empty) + " · Ctrl+C to stop");
    }

    private static string Join(string status, string timing) => timing.Length == 0 ? status : $"{status} {timing}";
}

using Instr.Protocol.V1;
using Spectre.Console;

namespace Instr.Cli.Rendering;

/// <summary>A table refreshed in place (Spectre Live) on an interactive terminal, cut to the terminal height.</summary>
internal sealed class LiveWatchRenderer(IAnsiConsole console) : IWatchRenderer
{
    // Borders, header, caption and the shell prompt line.
    private const int ChromeLines = 7;

    private const int StatusColumn = 3;

    private static readonly string[] Headers = ["METHOD / METER", "CALLS / VALUE", "RATE/s", "STATUS"];

    private static readonly Style PartialStyle = new(Color.Yellow);

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
                    Fill(table, snapshot, Math.Max(1, console.Profile.Height - ChromeLines), console.Profile.Width);
                    ctx.Refresh();
                }
            });
    }

    internal static Table NewTable() => new Table()
        .Border(TableBorder.Rounded)
        .AddColumn(new TableColumn(Headers[0]))
        .AddColumn(new TableColumn(Headers[1]).RightAligned())
        .AddColumn(new TableColumn(Headers[2]).RightAligned())
        .AddColumn(new TableColumn(Headers[3]));

    internal static void Fill(Table table, WatchSnapshot snapshot, int maxRows, int width)
    {
        table.Rows.Clear();
        var rows = snapshot.Methods.Select(m => (Partial: SnapshotCells.IsPartial(m), Cells: new[]
            {
                m.Name, SnapshotCells.Calls(m), SnapshotCells.Rate(m), Join(SnapshotCells.Status(m), SnapshotCells.Timing(m)),
            }))
            .Concat(snapshot.Meters.Select(v => (Partial: false, Cells: new[] { SnapshotCells.Instrument(v), SnapshotCells.Value(v), string.Empty, "meter" })))
            .ToList();
        if (rows.Count == 0)
        {
            rows.Add((false, ["(nothing patched yet: run instr patch PATTERN)", string.Empty, string.Empty, string.Empty]));
        }

        var shown = rows.Take(maxRows).ToList();
        var widths = ColumnFit.Widths(Headers, [.. shown.Select(r => r.Cells)], width);
        for (var column = 0; column < widths.Length; column++)
        {
            table.Columns[column].Width = widths[column];
        }

        foreach (var (partial, cells) in shown)
        {
            // A partial count is highlighted: its number is lower than the calls made, and the status says why.
            table.AddRow(cells.Select((cell, column) => new Text(ColumnFit.Cut(cell, widths[column]), partial && column == StatusColumn ? PartialStyle : Style.Plain)).ToArray());
        }

        var hidden = rows.Count - shown.Count;
        table.Caption = new TableTitle(
            $"pid {snapshot.Pid} · {SnapshotCells.Time(snapshot)} UTC" + (hidden > 0 ? $" · {hidden} more rows" : string.Empty) + " · Ctrl+C to stop");
    }

    private static string Join(string status, string timing) => timing.Length == 0 ? status : $"{status} {timing}";
}

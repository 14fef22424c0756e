using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Instr.Cli.Ui.Views;

/// <summary>
/// The dashboard's views and where they sit: a filter line on top, the methods table, the selected row's notes, an
/// input line to patch by name or pattern, the last message, and the keys help at the bottom. No behaviour here (see DashboardSession).
/// </summary>
internal sealed class DashboardLayout
{
    private const int NameColumnMaxWidth = 64;

    public const string KeysHelp = "i patch · t patch timed · u unpatch selected · / filter · r reload · Esc leave input · q quit";

    public const string PatchLabel = "patch  i";

    public const string TimingLabel = "timing t";

    public DashboardLayout(string title, bool withAppColumn = false)
    {
        Window = new Window { Title = title };

        var filterLabel = new Label { Text = "filter /", X = 0, Y = 0 };
        Filter = new TextField { X = Pos.Right(filterLabel) + 1, Y = 0, Width = Dim.Fill() };

        Source = new MethodTableSource(withAppColumn);
        Table = new TableView
        {
            Table = Source,
            FullRowSelect = true,
            X = 0,
            Y = 1,
            Width = Dim.Fill(),
            Height = Dim.Fill(4),
        };
        Table.Style.ExpandLastColumn = true;
        PinColumns();

        Details = new Label { Text = "", X = 0, Y = Pos.AnchorEnd(4), Width = Dim.Fill(), Height = 1 };

        InputLabel = new Label { Text = PatchLabel, X = 0, Y = Pos.AnchorEnd(3) };
        Input = new TextField { X = Pos.Right(InputLabel) + 1, Y = Pos.AnchorEnd(3), Width = Dim.Fill() };

        Message = new Label { Text = "", X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill(), Height = 1 };
        Help = new Label { Text = KeysHelp, X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1 };

        Window.Add(filterLabel, Filter, Table, Details, InputLabel, Input, Message, Help);
    }

    public Window Window { get; }

    public TextField Filter { get; }

    public TableView Table { get; }

    public MethodTableSource Source { get; }

    /// <summary>Every patch note (or the refusal) of the selected row: the status column only has room for warnings.</summary>
    public Label Details { get; }

    /// <summary>Says which probe Enter in <see cref="Input"/> patches with: <see cref="PatchLabel"/> or <see cref="TimingLabel"/>.</summary>
    public Label InputLabel { get; }

    public TextField Input { get; }

    public Label Message { get; }

    public Label Help { get; }

    /// <summary>Shows the timing columns (once any method is timed); their styles follow the columns' new places.</summary>
    public void ShowTimingColumns(bool show)
    {
        if (Source.SetShowTiming(show))
        {
            Table.Style.ColumnStyles.Clear();
            PinColumns();
        }
    }

    // Pinned minimum widths keep the columns from jumping as the numbers grow.
    private void PinColumns()
    {
        PinColumn(MethodTableSource.NameColumn, minWidth: 40, Alignment.Start);
        // Compiler-generated names can be very long; cap the column so the status stays readable.
        Table.Style.GetOrCreateColumnStyle(MethodTableSource.NameColumn).MaxWidth = NameColumnMaxWidth;
        if (Source.WithAppColumn)
        {
            PinColumn(Source.AppCallsColumn, minWidth: 11, Alignment.End);
        }

        PinColumn(Source.CallsColumn, minWidth: Source.WithAppColumn ? 12 : 11, Alignment.End);
        PinColumn(Source.RateColumn, minWidth: 8, Alignment.End);
        if (Source.ShowTiming)
        {
            // "999 µs" / "2.13 ms" / "1.25 s" fit in 7; exceptions counts in 10.
            for (var column = Source.FirstTimingColumn; column < Source.FirstTimingColumn + 3; column++)
            {
                PinColumn(column, minWidth: 8, Alignment.End);
            }

            PinColumn(Source.FirstTimingColumn + 3, minWidth: 10, Alignment.End);
        }

        PinColumn(Source.StatusColumn, minWidth: 12, Alignment.Start);
    }

    private void PinColumn(int column, int minWidth, Alignment alignment)
    {
        var style = Table.Style.GetOrCreateColumnStyle(column);
        style.MinWidth = minWidth;
        style.Alignment = alignment;
    }
}

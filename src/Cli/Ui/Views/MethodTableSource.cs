using System.Globalization;
using Instr.Cli.Ui.Model;
using Terminal.Gui.Views;

namespace Instr.Cli.Ui.Views;

/// <summary>
/// Adapts the model's visible rows to Terminal.Gui's TableView: name | calls | rate/s | status, or — with an app Meter
/// (`instr ui --meter NAME`), as the seed's dashboard — name | calls (the app's own count) | instrumented (instr's
/// count) | rate/s | status. Once a method is patched with the timing probe, p50 | p99 | max | exceptions (since the
/// patch) come before status (<see cref="ShowTiming"/>); rows patched with the count probe leave them empty.
/// </summary>
internal sealed class MethodTableSource : ITableSource
{
    public const int NameColumn = 0;

    private string[] _names = [];
    private IReadOnlyList<MethodRow> _rows = [];

    public MethodTableSource(bool withAppColumn = false)
    {
        WithAppColumn = withAppColumn;
        AppCallsColumn = withAppColumn ? 1 : -1;
        CallsColumn = withAppColumn ? 2 : 1;
        RateColumn = CallsColumn + 1;
        Arrange();
    }

    public bool WithAppColumn { get; }

    /// <summary>The app's own count; -1 without an app Meter.</summary>
    public int AppCallsColumn { get; }

    /// <summary>instr's count (headed "calls" alone, "instrumented" next to the app's).</summary>
    public int CallsColumn { get; }

    public int RateColumn { get; }

    /// <summary>The first of p50 | p99 | max | exceptions; -1 while they are not shown.</summary>
    public int FirstTimingColumn { get; private set; }

    public int StatusColumn { get; private set; }

    /// <summary>Whether the timing columns are shown; set once any row has timing numbers.</summary>
    public bool ShowTiming { get; private set; }

    public string[] ColumnNames => _names;

    public int Columns => _names.Length;

    public int Rows => _rows.Count;

    public object this[int row, int col]
    {
        get
        {
            if (row < 0 || row >= _rows.Count)
            {
                return "";
            }

            var method = _rows[row];
            if (col == NameColumn)
            {
                return method.Name;
            }

            if (col == AppCallsColumn)
            {
                return method.AppCalls is { } app ? app.ToString("N0", CultureInfo.InvariantCulture) : "";
            }

            if (col == CallsColumn)
            {
                return MethodRowFormatter.FormatCalls(method);
            }

            if (col == RateColumn)
            {
                return MethodRowFormatter.FormatRate(method);
            }

            if (ShowTiming && col >= FirstTimingColumn && col < StatusColumn)
            {
                return (col - FirstTimingColumn) switch
                {
                    0 => MethodRowFormatter.FormatDuration(method, t => t.P50Us),
                    1 => MethodRowFormatter.FormatDuration(method, t => t.P99Us),
                    2 => MethodRowFormatter.FormatDuration(method, t => t.MaxUs),
                    _ => MethodRowFormatter.FormatExceptions(method),
                };
            }

            return col == StatusColumn ? MethodRowFormatter.FormatStatus(method) : "";
        }
    }

    public MethodRow? RowAt(int index) => index >= 0 && index < _rows.Count ? _rows[index] : null;

    /// <summary>Takes a new list of rows (the model's current visible rows); the TableView is then told to Update.</summary>
    public void Show(IReadOnlyList<MethodRow> rows) => _rows = rows;

    /// <summary>Shows or hides the timing columns; true when that changed the columns (their styles must be re-pinned).</summary>
    public bool SetShowTiming(bool show)
    {
        if (show == ShowTiming)
        {
            return false;
        }

        ShowTiming = show;
        Arrange();
        return true;
    }

    private void Arrange()
    {
        List<string> names = WithAppColumn ? ["name", "calls", "instrumented", "rate/s"] : ["name", "calls", "rate/s"];
        FirstTimingColumn = ShowTiming ? names.Count : -1;
        if (ShowTiming)
        {
            names.AddRange(["p50", "p99", "max", "exceptions"]);
        }

        StatusColumn = names.Count;
        names.Add("status");
        _names = [.. names];
    }
}

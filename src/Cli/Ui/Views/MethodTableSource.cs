using System.Globalization;
using Instr.Cli.Ui.Model;
using Terminal.Gui.Views;

namespace Instr.Cli.Ui.Views;

/// <summary>
/// Adapts the model's visible rows to Terminal.Gui's TableView: name | calls | rate/s | status, or — with an app Meter
/// (`instr ui --meter NAME`), as the seed's dashboard — name | calls (the app's own count) | instrumented (instr's
/// count) | rate/s | status.
/// </summary>
internal sealed class MethodTableSource : ITableSource
{
    public const int NameColumn = 0;

    private readonly string[] _names;
    private IReadOnlyList<MethodRow> _rows = [];

    public MethodTableSource(bool withAppColumn = false)
    {
        WithAppColumn = withAppColumn;
        _names = withAppColumn ? ["name", "calls", "instrumented", "rate/s", "status"] : ["name", "calls", "rate/s", "status"];
        AppCallsColumn = withAppColumn ? 1 : -1;
        CallsColumn = withAppColumn ? 2 : 1;
        RateColumn = CallsColumn + 1;
        StatusColumn = RateColumn + 1;
    }

    public bool WithAppColumn { get; }

    /// <summary>The app's own count; -1 without an app Meter.</summary>
    public int AppCallsColumn { get; }

    /// <summary>instr's count (headed "calls" alone, "instrumented" next to the app's).</summary>
    public int CallsColumn { get; }

    public int RateColumn { get; }

    public int StatusColumn { get; }

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

            return col == StatusColumn ? MethodRowFormatter.FormatStatus(method) : "";
        }
    }

    public MethodRow? RowAt(int index) => index >= 0 && index < _rows.Count ? _rows[index] : null;

    /// <summary>Takes a new list of rows (the model's current visible rows); the TableView is then told to Update.</summary>
    public void Show(IReadOnlyList<MethodRow> rows) => _rows = rows;
}

using Instr.Cli.Ui.Model;
using Terminal.Gui.Views;

namespace Instr.Cli.Ui.Views;

/// <summary>Adapts the model's visible rows to Terminal.Gui's TableView: name | calls | rate/s | status.</summary>
internal sealed class MethodTableSource : ITableSource
{
    public const int NameColumn = 0;
    public const int CallsColumn = 1;
    public const int RateColumn = 2;
    public const int StatusColumn = 3;

    private static readonly string[] Names = ["name", "calls", "rate/s", "status"];

    private IReadOnlyList<MethodRow> _rows = [];

    public string[] ColumnNames => Names;

    public int Columns => Names.Length;

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
            return col switch
            {
                NameColumn => method.Name,
                CallsColumn => MethodRowFormatter.FormatCalls(method),
                RateColumn => MethodRowFormatter.FormatRate(method),
                StatusColumn => MethodRowFormatter.FormatStatus(method),
                _ => "",
            };
        }
    }

    public MethodRow? RowAt(int index) => index >= 0 && index < _rows.Count ? _rows[index] : null;

    /// <summary>Takes a new list of rows (the model's current visible rows); the TableView is then told to Update.</summary>
    public void Show(IReadOnlyList<MethodRow> rows) => _rows = rows;
}

using Instr.Cli.Ui.Model;

namespace Instr.Cli.Tests.Ui;

public class MethodRowFormatterTests
{
    private static MethodRow Row() => new("N.T:M()", "N");

    [Fact]
    public void Unpatched_row_shows_no_numbers_and_no_status()
    {
        var row = Row();
        Assert.Equal("", MethodRowFormatter.FormatCalls(row));
        Assert.Equal("", MethodRowFormatter.FormatRate(row));
        Assert.Equal("", MethodRowFormatter.FormatStatus(row));
    }

    [Fact]
    public void Patched_row_shows_grouped_calls_rate_and_mark()
    {
        var row = Row();
        row.Patched = true;
        row.Calls = 1234567;
        row.Rate = 98.26;

        Assert.Equal("1,234,567", MethodRowFormatter.FormatCalls(row));
        Assert.Equal("98.3", MethodRowFormatter.FormatRate(row));
        Assert.Equal("✓ patched", MethodRowFormatter.FormatStatus(row));
    }

    [Fact]
    public void Patched_row_without_a_snapshot_has_no_rate_yet()
    {
        var row = Row();
        row.Patched = true;
        Assert.Equal("0", MethodRowFormatter.FormatCalls(row));
        Assert.Equal("", MethodRowFormatter.FormatRate(row));
    }

    [Fact]
    public void Warnings_and_notes_follow_the_mark_once_each()
    {
        var row = Row();
        row.Patched = true;
        row.Warning = "shared generic code";
        row.Notes = ["shared generic code", "inlined into 2 callers"];

        Assert.Equal("✓ patched · shared generic code · inlined into 2 callers", MethodRowFormatter.FormatStatus(row));
    }

    [Fact]
    public void Refused_row_shows_the_reason()
    {
        var row = Row();
        row.RefusedReason = "abstract method";
        Assert.Equal("refused: abstract method", MethodRowFormatter.FormatStatus(row));
    }

    [Fact]
    public void Unpatched_row_keeps_its_final_count()
    {
        var row = Row();
        row.Unpatched = true;
        row.Calls = 42;
        row.Rate = 3;

        Assert.Equal("42", MethodRowFormatter.FormatCalls(row));
        Assert.Equal("", MethodRowFormatter.FormatRate(row));
        Assert.Equal("unpatched", MethodRowFormatter.FormatStatus(row));
    }
}

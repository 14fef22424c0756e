using Instr.Cli.Ui.Model;
using Instr.Protocol.V1;

namespace Instr.Cli.Tests.Ui;

public class MethodRowFormatterTests
{
    private static MethodRow Row() => new("N.T:M()", "N");

    private static MethodRow PatchedRow(Coverage coverage = Coverage.Complete, string reason = "", params string[] notes)
    {
        var row = Row();
        row.Patched = true;
        row.Coverage = coverage;
        row.CoverageReason = reason;
        row.Notes = notes;
        return row;
    }

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
        var row = PatchedRow();
        row.Calls = 1234567;
        row.Rate = 98.26;

        Assert.Equal("1,234,567", MethodRowFormatter.FormatCalls(row));
        Assert.Equal("98.3", MethodRowFormatter.FormatRate(row));
        Assert.Equal("✓ patched", MethodRowFormatter.FormatStatus(row));
    }

    [Fact]
    public void Patched_row_without_a_snapshot_has_no_rate_yet()
    {
        var row = PatchedRow(Coverage.Unspecified);
        Assert.Equal("0", MethodRowFormatter.FormatCalls(row));
        Assert.Equal("", MethodRowFormatter.FormatRate(row));
    }

    [Fact]
    public void Notes_never_change_the_status_column_only_coverage_does()
    {
        var row = PatchedRow(
            Coverage.Complete,
            "",
            "2 bodies patched; recompiled bodies (tier-up) are patched as the JIT produces them",
            "shared generic code: every reference-type instantiation of this method runs the same body, so they are counted together",
            "inlined into 2 already-compiled callers (A, B): their calls are not counted");
        Assert.Equal("✓ patched", MethodRowFormatter.FormatStatus(row));

        row.Coverage = Coverage.Partial;
        row.CoverageReason = "a frame still runs code compiled before the patch";
        Assert.Equal("✓ patched · partial coverage", MethodRowFormatter.FormatStatus(row));
    }

    [Fact]
    public void Details_list_every_note_of_the_row()
    {
        var row = PatchedRow(Coverage.Complete, "", "1 body patched", "", "body too short for a jump: counted at its entry point instead");
        Assert.Equal("N.T:M(): 1 body patched; body too short for a jump: counted at its entry point instead", MethodRowFormatter.FormatDetails(row));
    }

    [Fact]
    public void Details_of_a_partial_row_say_what_is_missed_first_and_only_once()
    {
        const string Gap = "inlined into 1 already-compiled caller (N.U:Caller()): their calls are not counted";
        var row = PatchedRow(Coverage.Partial, Gap, "1 body patched", Gap);
        Assert.Equal($"N.T:M(): coverage: partial — {Gap}; 1 body patched", MethodRowFormatter.FormatDetails(row));
    }

    [Fact]
    public void Refused_row_shows_the_reason()
    {
        var row = Row();
        row.RefusedReason = "abstract method";
        Assert.Equal("refused: abstract method", MethodRowFormatter.FormatStatus(row));
        Assert.Equal("N.T:M(): refused: abstract method", MethodRowFormatter.FormatDetails(row));
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

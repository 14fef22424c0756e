using Instr.Cli.Commands;
using Instr.Cli.Tests.Support;
using Instr.Protocol.V1;

namespace Instr.Cli.Tests.Commands;

/// <summary>Plain `instr patch` output: one line per method, an extra coverage line when the count is partial, then the notes.</summary>
public sealed class PatchOutputTests
{
    [Fact]
    public void A_partial_patch_gets_a_coverage_line_before_its_notes_and_a_complete_one_none()
    {
        var console = new CapturedConsole();
        var response = new PatchResponse
        {
            Patched =
            {
                new PatchedMethod { Name = "A:B()", Coverage = Coverage.Partial, CoverageReason = "a frame still runs old code", Notes = { "1 body patched" } },
                new PatchedMethod { Name = "A:C()", Coverage = Coverage.Complete, Notes = { "1 body patched" } },
            },
            Skipped = { new SkippedMethod { Name = "A:D()", Reason = "abstract method" } },
        };

        PatchCommand.Render(console.Console, response, json: false);

        Assert.Equal(
            [
                "patched\tA:B()",
                "  coverage: partial — a frame still runs old code",
                "  note: 1 body patched",
                "patched\tA:C()",
                "  note: 1 body patched",
                "skipped\tA:D()\tabstract method",
            ],
            console.OutLines);
    }

    [Fact]
    public void A_dry_run_has_no_coverage_line()
    {
        var console = new CapturedConsole();
        PatchCommand.Render(console.Console, new PatchResponse { DryRun = true, Patched = { new PatchedMethod { Name = "A:B()" } } }, json: false);
        Assert.Equal(["would patch\tA:B()"], console.OutLines);
    }
}

using System.Text.Json;
using Instr.Protocol.V1;

namespace Instr.Shared.Json;

/// <summary>
/// The two coverage fields of product.md, the same in `patch --json` entries and `watch --json` methods:
/// <c>"coverage"</c> is <c>"complete"</c> or <c>"partial"</c>, and <c>"coverage_reason"</c> is present only when partial.
/// An unspecified coverage (a dry run, which patches nothing) writes neither field.
/// </summary>
internal static class CoverageJson
{
    public const string Complete = "complete";
    public const string Partial = "partial";

    public static void Write(Utf8JsonWriter writer, Coverage coverage, string reason)
    {
        switch (coverage)
        {
            case Coverage.Complete:
                writer.WriteString("coverage", Complete);
                break;
            case Coverage.Partial:
                writer.WriteString("coverage", Partial);
                writer.WriteString("coverage_reason", reason);
                break;
        }
    }
}

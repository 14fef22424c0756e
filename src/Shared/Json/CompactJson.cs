using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Instr.Shared.Json;

/// <summary>One-line JSON written by hand with Utf8JsonWriter, the way every `--json` shape and INSTR_REPORT is written.</summary>
internal static class CompactJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Method names contain '<', '>', '+' and '`'; escaping them would make the output hard to read and grep.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SampleTarget;

/// <summary>The ground truth as one JSON line: <c>{"calls":{"name":n,...}}</c> (printed at exit, written into the
/// pause marker file).</summary>
internal static class SummaryJson
{
    public static string Format(SortedDictionary<string, long> counts)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps '+' and '`' of canonical names readable; the output is still valid JSON.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("calls");
            foreach (var (name, count) in counts)
            {
                writer.WriteNumber(name, count);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

using System.Text.Json;
using Instr.Protocol.V1;
using Instr.Shared.Json;

namespace Instr.Cli.Rendering;

/// <summary>
/// The --json shapes of product.md, written by hand with Utf8JsonWriter: snake_case keys, int64 as JSON numbers and
/// default values present (protobuf's JsonFormatter drops defaults and quotes int64). The watch snapshot shape is
/// written by the shared <see cref="Instr.Shared.Json.WatchSnapshotJson"/> so `watch --json` and INSTR_REPORT agree.
/// </summary>
internal static class JsonOutput
{
    public static string Processes(IEnumerable<ProcessRow> rows) => CompactJson.Write(w =>
    {
        w.WriteStartArray();
        foreach (var row in rows)
        {
            w.WriteStartObject();
            w.WriteNumber("pid", row.Pid);
            w.WriteString("name", row.Name);
            w.WriteString("runtime", row.Runtime);
            w.WriteString("status", StatusName(row.Status));
            w.WriteNumber("patched", row.Patched);
            w.WriteString("socket", row.Socket);
            w.WriteString("reason", row.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>The `status` word of `ps --json` (and of the plain table).</summary>
    public static string StatusName(ProcessStatus status) => status switch
    {
        ProcessStatus.Agent => "agent",
        ProcessStatus.Attachable => "attachable",
        _ => "unreachable",
    };

    /// <summary>`audit --json`: an array of {time, uid, action, pattern, methods, methods_total, result, lease}, oldest first.</summary>
    public static string Audit(GetAuditResponse response) => CompactJson.Write(w =>
    {
        w.WriteStartArray();
        foreach (var entry in response.Entries)
        {
            w.WriteStartObject();
            w.WriteString("time", DateTimeOffset.FromUnixTimeMilliseconds(entry.TimeUnixMs).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            if (entry.Uid < 0)
            {
                w.WriteNull("uid");
            }
            else
            {
                w.WriteNumber("uid", entry.Uid);
            }

            w.WriteString("action", entry.Action);
            w.WriteString("pattern", entry.Pattern);
            w.WriteStartArray("methods");
            foreach (var method in entry.Methods)
            {
                w.WriteStringValue(method);
            }

            w.WriteEndArray();
            w.WriteNumber("methods_total", entry.MethodsTotal);
            w.WriteString("result", entry.Result);
            w.WriteString("lease", entry.Lease);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public static string Methods(IEnumerable<MethodEntry> methods) => CompactJson.Write(w =>
    {
        w.WriteStartArray();
        foreach (var method in methods)
        {
            w.WriteStartObject();
            w.WriteString("name", method.Name);
            w.WriteString("assembly", method.Assembly);
            w.WriteBoolean("patched", method.Patched);
            w.WriteNumber("calls", method.Calls);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public static string Patch(PatchResponse response) => CompactJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("patched");
        foreach (var method in response.Patched)
        {
            w.WriteStartObject();
            w.WriteString("name", method.Name);
            w.WriteStartArray("notes");
            foreach (var note in method.Notes)
            {
                w.WriteStringValue(note);
            }

            w.WriteEndArray();
            CoverageJson.Write(w, method.Coverage, method.CoverageReason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteSkipped(w, response.Skipped);
        w.WriteEndObject();
    });

    public static string Unpatch(UnpatchResponse response) => CompactJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("unpatched");
        foreach (var method in response.Unpatched)
        {
            w.WriteStartObject();
            w.WriteString("name", method.Name);
            w.WriteNumber("calls", method.Calls);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteSkipped(w, response.Skipped);
        w.WriteEndObject();
    });

    private static void WriteSkipped(Utf8JsonWriter w, IEnumerable<SkippedMethod> skipped)
    {
        w.WriteStartArray("skipped");
        foreach (var method in skipped)
        {
            w.WriteStartObject();
            w.WriteString("name", method.Name);
            w.WriteString("reason", method.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}

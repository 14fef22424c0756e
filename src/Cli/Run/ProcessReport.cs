using System.Text.Json;

namespace Instr.Cli.Run;

/// <summary>One process's INSTR_REPORT file (the shape of `instr watch --once --json`), as `instr run` reads it back.</summary>
internal sealed record ProcessReport(int Pid, IReadOnlyList<ReportedMethod> Methods, string Json)
{
    public static ProcessReport Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var methods = root.GetProperty("methods").EnumerateArray().Select(m => new ReportedMethod(
            m.GetProperty("name").GetString() ?? "",
            m.GetProperty("calls").GetInt64(),
            m.TryGetProperty("p50_us", out var p50) ? p50.GetDouble() : null,
            m.TryGetProperty("p99_us", out var p99) ? p99.GetDouble() : null,
            m.TryGetProperty("max_us", out var max) ? max.GetDouble() : null)).ToList();
        return new ProcessReport(root.GetProperty("pid").GetInt32(), methods, json.Trim());
    }
}

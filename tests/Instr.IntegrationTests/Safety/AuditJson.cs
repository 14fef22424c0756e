using System.Text.Json;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Safety;

/// <summary>Reads `instr audit --json`: an array of {time, uid, action, pattern, methods, methods_total, result, lease}.</summary>
internal static class AuditJson
{
    public static async Task<JsonElement[]> ReadAsync(TestSandbox sandbox, int pid)
    {
        var audit = await sandbox.RunInstrAsync("audit", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(audit.ExitCode == 0, $"instr audit failed: {audit}");
        return [.. JsonDocument.Parse(audit.StandardOutput).RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    public static string[] Methods(JsonElement entry) => [.. entry.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!)];

    public static string Text(JsonElement entry, string field) => entry.GetProperty(field).GetString()!;
}

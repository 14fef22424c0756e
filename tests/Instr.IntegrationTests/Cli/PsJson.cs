using System.Text.Json;

namespace Instr.IntegrationTests.Cli;

/// <summary>
/// Reads `instr ps --json`. It lists every .NET process of this user (the test runner, other tests' apps), so tests
/// pick rows by status or by the pids they started themselves.
/// </summary>
internal static class PsJson
{
    public static JsonElement[] Rows(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(r => r.Clone())];

    public static JsonElement[] Agents(string json) => [.. Rows(json).Where(r => r.GetProperty("status").GetString() == "agent")];

    public static JsonElement? Row(string json, int pid) =>
        Rows(json).Where(r => r.GetProperty("pid").GetInt32() == pid).Select(r => (JsonElement?)r).SingleOrDefault();
}

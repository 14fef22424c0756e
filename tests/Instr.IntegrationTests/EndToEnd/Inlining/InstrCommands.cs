using System.Text.Json;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.EndToEnd.Inlining;

/// <summary>The `instr` commands these tests run, as real CLI processes against one app, with their JSON output read.</summary>
internal sealed class InstrCommands(TestSandbox sandbox, WebAppProcess app)
{
    /// <summary>`instr attach PID`, then waits until the attached agent serves its socket.</summary>
    public async Task AttachAsync()
    {
        var attach = await sandbox.RunInstrAsync("attach", app.PidText);
        Assert.True(attach.ExitCode == 0, $"instr attach failed: {attach}\n{app.Output}");
        await sandbox.WaitForAgentSocketAsync(app.Process, TimeSpan.FromSeconds(60));
    }

    /// <summary>Canonical names `instr list PATTERN` prints.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string pattern)
    {
        var list = await sandbox.RunInstrAsync("list", "-p", app.PidText, pattern, "--json");
        Assert.True(list.ExitCode == 0, $"instr list {pattern} failed: {list}");
        return JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray()
            .Select(row => row.GetProperty("name").GetString()!)
            .ToArray();
    }

    /// <summary>`instr patch -p PID NAME --json`: the method must be patched (not skipped); returns its notes.</summary>
    public async Task<IReadOnlyList<string>> PatchAsync(string canonicalName)
    {
        var patch = await sandbox.RunInstrAsync("patch", "-p", app.PidText, canonicalName, "--json");
        Assert.True(patch.ExitCode == 0, $"instr patch {canonicalName} failed: {patch}");
        var patched = JsonDocument.Parse(patch.StandardOutput).RootElement.GetProperty("patched").EnumerateArray()
            .SingleOrDefault(m => m.GetProperty("name").GetString() == canonicalName);
        Assert.True(patched.ValueKind == JsonValueKind.Object, $"instr patch {canonicalName} did not patch it: {patch}");
        return patched.TryGetProperty("notes", out var notes)
            ? notes.EnumerateArray().Select(n => n.GetString()!).ToArray()
            : [];
    }

    /// <summary>`instr watch --once --json -p PID`: every patched method's count, and what else the agent says of it.</summary>
    public async Task<IReadOnlyDictionary<string, WatchedMethod>> WatchOnceAsync()
    {
        var watch = await sandbox.RunInstrAsync("watch", "--once", "--json", "-p", app.PidText);
        Assert.True(watch.ExitCode == 0, $"instr watch failed: {watch}");
        var line = watch.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single();
        return JsonDocument.Parse(line).RootElement.GetProperty("methods").EnumerateArray().ToDictionary(
            m => m.GetProperty("name").GetString()!,
            m => new WatchedMethod(m.GetProperty("calls").GetInt64(), Describe(m)),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Waits until the runtime has stopped compiling: two consecutive `instr watch --meter System.Runtime` snapshots with
    /// the same `dotnet.jit.compiled_methods`. After warm-up that means the tier-up of the hot request path is done, so
    /// the patch meets callers in their final, optimised code (with their inlines), as in a long-running app.
    /// </summary>
    public async Task WaitForJitQuietAsync(TimeSpan timeout)
    {
        var watch = sandbox.Start(
            RepoLayout.InstrExecutable,
            ["watch", "-p", app.PidText, "--json", "--meter", "System.Runtime", "--interval", "500"],
            withAgent: false);
        try
        {
            await Poll.UntilAsync(
                () => FirstRepeatedValue(watch.StandardOutput) is not null,
                timeout,
                () => $"the app kept compiling for {timeout.TotalSeconds:0} s after warm-up (dotnet.jit.compiled_methods per snapshot: {string.Join(", ", CompiledMethods(watch.StandardOutput))})\n{watch.StandardError}",
                stopEarly: () => watch.HasExited ? $"instr watch exited early: {watch.StandardOutput}\n{watch.StandardError}" : null);
        }
        finally
        {
            // Ctrl+C, as a user ends a watch, and gone before the patch; one that lingers is killed with the sandbox.
            watch.Signal(Signals.SigInt);
            try
            {
                await watch.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
            }
        }
    }

    // Status, coverage (when the agent reports it) and notes: why a count may be short.
    private static string Describe(JsonElement method)
    {
        var parts = new List<string>();
        foreach (var field in new[] { "status", "coverage" })
        {
            if (method.TryGetProperty(field, out var value))
            {
                parts.Add($"{field}: {value}");
            }
        }

        if (method.TryGetProperty("notes", out var notes))
        {
            parts.Add("notes: " + string.Join("; ", notes.EnumerateArray().Select(n => n.GetString())));
        }

        return string.Join(" | ", parts);
    }

    private static long? FirstRepeatedValue(string ndjson)
    {
        var values = CompiledMethods(ndjson);
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] == values[i - 1])
            {
                return values[i];
            }
        }

        return null;
    }

    private static List<long> CompiledMethods(string ndjson)
    {
        var values = new List<long>();
        // Only complete lines: the last one may still be being written.
        var lines = ndjson.Split('\n');
        foreach (var line in lines.Take(lines.Length - 1).Where(l => l.Length > 0))
        {
            foreach (var meter in JsonDocument.Parse(line).RootElement.GetProperty("meters").EnumerateArray())
            {
                if (meter.GetProperty("instrument").GetString() == "dotnet.jit.compiled_methods")
                {
                    values.Add((long)meter.GetProperty("value").GetDouble());
                }
            }
        }

        return values;
    }
}

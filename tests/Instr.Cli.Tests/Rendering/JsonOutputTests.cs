using System.Text.Json;
using Instr.Cli.Rendering;
using Instr.Protocol.V1;
using Instr.Shared.Json;

namespace Instr.Cli.Tests.Rendering;

public sealed class JsonOutputTests
{
    private const long BeyondInt32 = 5_000_000_000L;

    private static string[] Keys(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void Ps_is_an_array_of_pid_name_runtime_status_patched_socket_reason()
    {
        var json = JsonOutput.Processes(
        [
            new ProcessRow(42, "app", "/tmp/s.sock", ".NET 10.0.12", 0, ProcessStatus.Agent),
            new ProcessRow(43, "other", "/tmp/dotnet-diagnostic-43-1-socket", ".NET 10.0.12", 0, ProcessStatus.Attachable),
            new ProcessRow(44, "off", null, ".NET 10.0.12", 0, ProcessStatus.Unreachable, "diagnostics are off"),
        ]);
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToArray();
        Assert.Equal(["pid", "name", "runtime", "status", "patched", "socket", "reason"], Keys(rows[0]));
        Assert.Equal(42, rows[0].GetProperty("pid").GetInt32());
        Assert.Equal(JsonValueKind.Number, rows[0].GetProperty("patched").ValueKind);
        Assert.Equal(0, rows[0].GetProperty("patched").GetInt32());
        Assert.Equal(["agent", "attachable", "unreachable"], rows.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("socket").ValueKind);
        Assert.Equal("diagnostics are off", rows[2].GetProperty("reason").GetString());
    }

    [Fact]
    public void List_writes_defaults_and_int64_as_numbers()
    {
        var json = JsonOutput.Methods(
        [
            new MethodEntry { Name = "N.T:M()", Assembly = "N" },
            new MethodEntry { Name = "N.Box`1+Inner<T>:Get()", Assembly = "N", Patched = true, Calls = BeyondInt32 },
        ]);
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToArray();
        Assert.Equal(["name", "assembly", "patched", "calls"], Keys(rows[0]));
        Assert.False(rows[0].GetProperty("patched").GetBoolean());
        Assert.Equal(0, rows[0].GetProperty("calls").GetInt64());
        Assert.Equal(BeyondInt32, rows[1].GetProperty("calls").GetInt64());
        Assert.Equal("N.Box`1+Inner<T>:Get()", rows[1].GetProperty("name").GetString());
        // Readable, not \u003C-escaped, so grep works on the raw output.
        Assert.Contains("Box`1+Inner<T>", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_has_patched_with_notes_and_skipped_with_reasons()
    {
        var response = new PatchResponse
        {
            Patched =
            {
                new PatchedMethod { Name = "A:B()", Notes = { "shared generic code" }, Coverage = Coverage.Complete },
                new PatchedMethod { Name = "A:C()", Coverage = Coverage.Partial, CoverageReason = "inlined into 1 already-compiled caller (A:E()): their calls are not counted" },
            },
            Skipped = { new SkippedMethod { Name = "A:D()", Reason = "abstract" } },
        };
        var root = JsonDocument.Parse(JsonOutput.Patch(response)).RootElement;
        Assert.Equal(["patched", "skipped"], Keys(root));
        var patched = root.GetProperty("patched").EnumerateArray().ToArray();
        Assert.Equal(["name", "notes", "coverage"], Keys(patched[0]));
        Assert.Equal("complete", patched[0].GetProperty("coverage").GetString());
        Assert.Equal("shared generic code", Assert.Single(patched[0].GetProperty("notes").EnumerateArray()).GetString());
        Assert.Equal(["name", "notes", "coverage", "coverage_reason"], Keys(patched[1]));
        Assert.Equal(JsonValueKind.Array, patched[1].GetProperty("notes").ValueKind);
        Assert.Equal("partial", patched[1].GetProperty("coverage").GetString());
        Assert.Equal("inlined into 1 already-compiled caller (A:E()): their calls are not counted", patched[1].GetProperty("coverage_reason").GetString());
        var skipped = Assert.Single(root.GetProperty("skipped").EnumerateArray());
        Assert.Equal(["name", "reason"], Keys(skipped));
        Assert.Equal("abstract", skipped.GetProperty("reason").GetString());
    }

    [Fact]
    public void Dry_run_entries_have_no_coverage()
    {
        var response = new PatchResponse { DryRun = true, Patched = { new PatchedMethod { Name = "A:B()", Notes = { "1 body compiled now" } } } };
        var entry = Assert.Single(JsonDocument.Parse(JsonOutput.Patch(response)).RootElement.GetProperty("patched").EnumerateArray());
        Assert.Equal(["name", "notes"], Keys(entry));
    }

    [Fact]
    public void Empty_patch_response_still_has_both_arrays()
    {
        var root = JsonDocument.Parse(JsonOutput.Patch(new PatchResponse())).RootElement;
        Assert.Equal(0, root.GetProperty("patched").GetArrayLength());
        Assert.Equal(0, root.GetProperty("skipped").GetArrayLength());
    }

    [Fact]
    public void Unpatch_has_unpatched_and_skipped()
    {
        var response = new UnpatchResponse
        {
            Unpatched = { new UnpatchedMethod { Name = "A:B()", Calls = BeyondInt32 } },
            Skipped = { new SkippedMethod { Name = "A:C()", Reason = "not patched" } },
        };
        var root = JsonDocument.Parse(JsonOutput.Unpatch(response)).RootElement;
        Assert.Equal(["unpatched", "skipped"], Keys(root));
        Assert.Equal("A:B()", Assert.Single(root.GetProperty("unpatched").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public void Watch_snapshot_is_one_line_with_methods_and_meters()
    {
        var snapshot = new WatchSnapshot
        {
            TimeUnixMs = 1_700_000_000_123,
            Pid = 42,
            Methods =
            {
                new MethodCounter { Name = "A:B()", Calls = BeyondInt32, Rate = 99.5, Status = "patched", Probe = ProbeKind.Count, Coverage = Coverage.Complete },
                new MethodCounter
                {
                    Name = "A:C()", Calls = 3, Status = "patched, partial coverage", Probe = ProbeKind.Timing, P50Us = 1.5, P99Us = 9, MaxUs = 12, Exceptions = 1,
                    WindowP50Us = 2.5, WindowP99Us = 4, WindowMaxUs = 5, WindowExceptions = 0,
                    Coverage = Coverage.Partial, CoverageReason = "a frame still runs code compiled before the patch",
                },
                new MethodCounter
                {
                    Name = "A:RunAsync()", Calls = 4, Status = "patched", Probe = ProbeKind.Timing, P50Us = 10_100, P99Us = 10_300, MaxUs = 10_400,
                    Synchronous = new SynchronousPart { Returned = 4, P50Us = 3.5, P99Us = 7, MaxUs = 8 }, Coverage = Coverage.Complete,
                },
            },
            Meters = { new MeterValue { Meter = "SampleTarget", Instrument = "sample.calls", Tags = { ["method"] = "A:B()" }, Value = 7 } },
        };

        var line = WatchSnapshotJson.Serialize(snapshot);

        Assert.DoesNotContain('\n', line);
        var root = JsonDocument.Parse(line).RootElement;
        Assert.Equal(["time", "pid", "methods", "meters"], Keys(root));
        Assert.Equal(42, root.GetProperty("pid").GetInt32());
        var methods = root.GetProperty("methods").EnumerateArray().ToArray();
        Assert.Equal(["name", "calls", "rate", "status", "probe", "coverage", "notes"], Keys(methods[0]));
        Assert.Equal("complete", methods[0].GetProperty("coverage").GetString());
        Assert.Equal("partial", methods[1].GetProperty("coverage").GetString());
        Assert.Equal("a frame still runs code compiled before the patch", methods[1].GetProperty("coverage_reason").GetString());
        Assert.Equal(BeyondInt32, methods[0].GetProperty("calls").GetInt64());
        Assert.Equal(99.5, methods[0].GetProperty("rate").GetDouble());
        Assert.False(methods[0].TryGetProperty("p50_us", out _));
        Assert.Equal(9, methods[1].GetProperty("p99_us").GetDouble());
        Assert.Equal(1, methods[1].GetProperty("exceptions").GetInt64());
        Assert.Equal(2.5, methods[1].GetProperty("window_p50_us").GetDouble());
        Assert.Equal(4, methods[1].GetProperty("window_p99_us").GetDouble());
        Assert.Equal(5, methods[1].GetProperty("window_max_us").GetDouble());
        Assert.Equal(0, methods[1].GetProperty("window_exceptions").GetInt64());
        Assert.False(methods[0].TryGetProperty("window_p50_us", out _));
        Assert.False(methods[1].TryGetProperty("sync_p50_us", out _));
        Assert.Equal(3.5, methods[2].GetProperty("sync_p50_us").GetDouble());
        Assert.Equal(7, methods[2].GetProperty("sync_p99_us").GetDouble());
        Assert.Equal(8, methods[2].GetProperty("sync_max_us").GetDouble());
        var meter = Assert.Single(root.GetProperty("meters").EnumerateArray());
        Assert.Equal(["meter", "instrument", "tags", "value"], Keys(meter));
        Assert.Equal("A:B()", meter.GetProperty("tags").GetProperty("method").GetString());
        Assert.Equal(7, meter.GetProperty("value").GetDouble());
    }
}

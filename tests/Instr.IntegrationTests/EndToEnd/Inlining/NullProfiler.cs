using System.Security.Cryptography;
using Microsoft.Diagnostics.NETCore.Client;
using Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.EndToEnd.Inlining;

/// <summary>
/// tests/apps/NullProfiler: a minimal native CLR profiler that the runtime loads at startup, standing in for an APM agent
/// that already owns the process's one profiler slot. Built with the machine's gcc (like the engine's native helper)
/// into artifacts/null-profiler, again only when its source changed.
/// </summary>
internal static class NullProfiler
{
    /// <summary>The CLSID compiled into null_profiler.c.</summary>
    public const string Clsid = "{0B3F6C1E-7A52-4C8D-9E1F-5D2A7B4C8E61}";

    private static readonly Lazy<Task<string>> Library = new(BuildAsync);

    /// <summary>The variables that make the runtime load the profiler at startup; it notes its Initialize in <paramref name="markerPath"/>.</summary>
    public static async Task<Dictionary<string, string?>> EnvironmentAsync(string markerPath) => new(StringComparer.Ordinal)
    {
        ["CORECLR_ENABLE_PROFILING"] = "1",
        ["CORECLR_PROFILER"] = Clsid,
        ["CORECLR_PROFILER_PATH"] = await Library.Value,
        ["NULL_PROFILER_MARKER"] = markerPath,
    };

    /// <summary>The line Initialize wrote for <paramref name="pid"/>: proof that the runtime loaded and initialized it.</summary>
    public static string InitializedLine(int pid) => $"initialized pid={pid}";

    /// <summary>
    /// Whether the process's profiler slot is taken: asks the runtime (diagnostic port) to attach this profiler as a
    /// second one, which it refuses while another profiler is loaded. That refusal is what instr meets there.
    /// </summary>
    public static async Task<bool> HoldsTheProfilerSlotAsync(int pid)
    {
        try
        {
            var library = await Library.Value;
            await Task.Run(() => new DiagnosticsClient(pid).AttachProfiler(TimeSpan.FromSeconds(30), Guid.Parse(Clsid), library));
            return false;
        }
        catch (ProfilerAlreadyActiveException)
        {
            return true;
        }
    }

    private static async Task<string> BuildAsync()
    {
        var source = Path.Combine(RepoLayout.Root, "tests", "apps", "NullProfiler", "null_profiler.c");
        var directory = Path.Combine(RepoLayout.Artifacts, "null-profiler");
        using var exclusive = await DirectoryLock.AcquireAsync(directory, TimeSpan.FromMinutes(5));
        var library = Path.Combine(directory, "libnull_profiler.so");
        var hashPath = library + ".source-sha256";
        var hash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(source)));
        if (File.Exists(library) && File.Exists(hashPath) && await File.ReadAllTextAsync(hashPath) == hash)
        {
            return library;
        }

        await ToolRunner.RunAsync("gcc", ["-O2", "-fPIC", "-shared", "-Wall", "-Wextra", "-Werror", "-o", library, source], directory, TimeSpan.FromMinutes(2));
        await File.WriteAllTextAsync(hashPath, hash);
        return library;
    }
}

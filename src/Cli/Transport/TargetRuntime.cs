using System.Diagnostics;
using Instr.Shared;

namespace Instr.Cli.Transport;

/// <summary>
/// Which runtime another process runs, read from outside without talking to it: /proc/PID/maps names the
/// runtime's directory (libcoreclr.so) and its JIT (libclrjit.so); the version comes from System.Private.CoreLib.dll
/// next to them; whether instr serves it comes from the JIT's file, which holds its JIT-EE interface version.
/// <c>instr attach</c> uses it to refuse a runtime the agent cannot serve before anything is sent: a startup hook
/// the target cannot use is at best a wasted load and, on some runtimes, kills the process.
/// </summary>
internal sealed record TargetRuntime(string? Version, string? JitPath, ServedRuntime? Served, bool JitReadable)
{
    private const string CoreClrFile = "libcoreclr.so";
    private const string JitFile = "libclrjit.so";
    private const string CoreLibFile = "System.Private.CoreLib.dll";

    /// <summary>".NET 8.0.31", or "an unknown .NET version".</summary>
    public string Description => Version is null ? "an unknown .NET version" : ".NET " + Version;

    public int? Major => Version is not null && System.Version.TryParse(Version.Split('-')[0], out var v) ? v.Major : null;

    /// <summary>Why the agent cannot serve this runtime, or null when it can (or when it cannot be told from outside).</summary>
    public string? Refusal()
    {
        if (Major is { } major && ServedRuntimes.All.All(r => r.Major != major))
        {
            return $"it runs {Description}; instr serves {ServedRuntimes.Names}";
        }

        if (JitReadable && Served is null)
        {
            return $"it runs {Description} and its JIT ({JitPath}) has a JIT-EE interface version instr does not know, so the engine could not hook it (instr serves {ServedRuntimes.Names})";
        }

        return null;
    }

    public static TargetRuntime Inspect(int pid)
    {
        string? runtimeDirectory = null, jit = null;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/maps"))
            {
                var slash = line.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0)
                {
                    continue;
                }

                var path = line[slash..];
                if (runtimeDirectory is null && path.EndsWith("/" + CoreClrFile, StringComparison.Ordinal))
                {
                    runtimeDirectory = Path.GetDirectoryName(path);
                }
                else if (jit is null && path.EndsWith("/" + JitFile, StringComparison.Ordinal))
                {
                    jit = path;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new TargetRuntime(null, null, null, false);
        }

        if (runtimeDirectory is null)
        {
            return new TargetRuntime(null, null, null, false);
        }

        // A process in another mount namespace sees other files at these paths: read them through its root.
        var root = $"/proc/{pid}/root";
        jit ??= Path.Combine(runtimeDirectory, JitFile);
        var version = ReadVersion(root + Path.Combine(runtimeDirectory, CoreLibFile));
        var (readable, served) = ReadJitVersion(root + jit);
        return new TargetRuntime(version, jit, served, readable);
    }

    private static string? ReadVersion(string coreLib)
    {
        try
        {
            // The informational version is "8.0.31+<commit>".
            var product = FileVersionInfo.GetVersionInfo(coreLib).ProductVersion;
            return string.IsNullOrEmpty(product) ? null : product.Split('+')[0];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FileNotFoundException)
        {
            return null;
        }
    }

    private static (bool Readable, ServedRuntime? Served) ReadJitVersion(string jitPath)
    {
        byte[] image;
        try
        {
            image = File.ReadAllBytes(jitPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (false, null);
        }

        // The GUID is a constant in the JIT's read-only data, stored as Guid.ToByteArray() lays it out.
        foreach (var runtime in ServedRuntimes.All)
        {
            if (image.AsSpan().IndexOf(runtime.JitEeVersion.ToByteArray()) >= 0)
            {
                return (true, runtime);
            }
        }

        return (true, null);
    }
}
